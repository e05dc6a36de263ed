#!/usr/bin/env python3
"""Seeds the fuzz corpora (make fuzz): OUT/json and OUT/payload, from docs/test-vectors.json and a
few hand-picked JSON samples; OUT/csv, OUT/xlsx and OUT/pdf from the example list and the hostile
inputs of the test suites (Tests/ECertCoreTests/Hostile*Tests.swift), generated here.
OUT is git-ignored (.build-fuzz/corpus by default)."""
import base64, io, json, os, sys, zipfile, zlib

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
# CSV: the example list, and the damaged lists of the hostile-input tests.
write("csv", "example.csv", open(os.path.join(root, "examples", "participants.csv"), "rb").read())
csv_samples = [
    "Nama Lengkap,ID\nNguyễn Thị Hương,1\nSomchai \udce9 สมชาย,2\n".encode("utf-8", "surrogateescape"),
    b"Nama,NUPTK\nRen\xe9 Zo\xeb,0012345678901234\n",
    b"Nama,NUPTK\nRen\xe9 \xe9 \xe9 Zo\xc3\xab,1\n",
    "Nama,NUPTK\r\nSiti,0012345678901234\r\n".encode("utf-16-le"),
    b"\xff\xfe" + "Nama;ID\r\nA;1\r\n".encode("utf-16-le"),
    b"Nama,NUPTK\r\"Budi\rSantoso\",0012345678901234\rSiti,\r",
    b"Nama,NUPTK,Sekolah,Sekolah\nBudi,1,SD 1,SD 2\n",
    "Nama;ID\n\u2028;1\nAyu \U0001F338 Lestari;2\nZ\u0301\u0301\u0301\u0301\u0301\u0301;3\n#DIV/0!;4\n\"a\"\"b\";5\n".encode("utf-8"),
]
for k, sample in enumerate(csv_samples):
    write("csv", f"hostile-{k}.csv", sample)

# XLSX: one-sheet workbooks as the hostile-workbook tests build them.
def workbook(rows):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", '<workbook xmlns:r="r"><sheets><sheet name="Peserta" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/sharedStrings.xml", '<sst><si><t>Nama</t></si><si><r><t>Bu</t></r><r><t>di</t></r><rPh><t>x</t></rPh></si></sst>')
        z.writestr("xl/styles.xml", '<styleSheet><numFmts><numFmt numFmtId="164" formatCode="0000000000000000"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>')
        z.writestr("xl/worksheets/sheet1.xml", '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>ID</t></is></c></row>' + rows + '</sheetData></worksheet>')
    return buffer.getvalue()
xlsx_rows = [
    '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" s="1"><v>12345</v></c></row>',
    '<row r="2"><c r="ZZZZ2" t="inlineStr"><is><t>x</t></is></c></row>',
    '<row r="99999999999999999999"><c t="inlineStr"><is><t>x</t></is></c></row>',
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Budi</t></is></c><c r="B2"><v>1E+9223372036854775807</v></c></row>',
    '<row r="2"><c r="A2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B2"><v>1.5E-3</v></c></row>',
    '<row r="2"><c r="A2" t="str"><f>A1</f></c></row>',
    '<row r="2"><c r="XFD2"><v>1</v></c></row>',
]
for k, rows in enumerate(xlsx_rows):
    write("xlsx", f"hostile-{k}.xlsx", workbook(rows))

# PDF: a one-page file with a classic cross-reference table, as Cairo writes, and a deep one.
def pdf(objects):
    out = b"%PDF-1.5\n%\xb5\xed\xae\xfb\n"
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out
content = zlib.compress(b"0 0 m 10 10 l S")
write("pdf", "page.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << >> >> >>",
                              b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
                              b"(a \\) (nested) string) <48656c6c6f> [1 2.5 -3 /N true null]"]))
write("pdf", "deep.pdf", pdf([b"[" * 200 + b"]" * 200]))

print(f"corpus in {out}: {len(os.listdir(os.path.join(out, 'json')))} JSON, {len(os.listdir(os.path.join(out, 'payload')))} payload seeds")
