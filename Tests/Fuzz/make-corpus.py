#!/usr/bin/env python3
"""Seeds the fuzz corpora (make fuzz): OUT/json and OUT/payload, from docs/test-vectors.json and a
few hand-picked JSON samples. OUT is git-ignored (.build-fuzz/corpus by default)."""
import base64, json, os, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build-fuzz", "corpus")
vectors = json.load(open(os.path.join(root, "docs", "test-vectors.json"), encoding="utf-8"))

def write(kind, name, data):
    os.makedirs(os.path.join(out, kind), exist_ok=True)
    with open(os.path.join(out, kind, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))

json_samples = [
    '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    '{"\\u20ac":"Euro Sign","\\r":"CR","\\ufb33":"Dalet","1":"One","\\ud83d\\ude00":"Emoji","\\u0080":"Control","\\u00f6":"o"}',
    '{"body":{"records":[{"name":"a","nama":"b","columns":{"😀 Catatan":"x","ｱ Kode":"y"}}]}}',
    '[0,-0,1e21,1e-7,5e-324,9007199254740992,-9007199254740992,0.1,[[[[]]]],{},"",true,false,null]',
    '{"a":"e\\u0301","b":"\\u00e9","c":"\\u2028\\u007f\\u0000"}',
]
for k, sample in enumerate(json_samples):
    write("json", f"sample-{k}.json", sample)
write("json", "test-vectors.json", json.dumps(vectors, ensure_ascii=False, indent=2))
write("json", "revocations.json", json.dumps(vectors["revocations"], separators=(",", ":")))
write("json", "trusted-keys.json", json.dumps(vectors["trustedKeys"], ensure_ascii=False))

def base32_bytes(text):
    text = text.upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))

for k, vector in enumerate(vectors["vectors"]):
    write("json", f"vector-{k}.json", json.dumps(vector, ensure_ascii=False))
    try:
        write("payload", f"bytes-{k}", base32_bytes(vector["payload"]))
    except Exception:
        pass  # a deliberately broken vector: its text form is still a seed
    write("payload", f"text-{k}", vector["qr"])
print(f"corpus in {out}: {len(os.listdir(os.path.join(out, 'json')))} JSON, {len(os.listdir(os.path.join(out, 'payload')))} payload seeds")
