#!/usr/bin/env python3
"""Checks docs/vectors/trust-layer.json with the independent verifier (verify_batch.py) alone.

    check_vectors.py docs/vectors/trust-layer.json

Prints one JSON object {"checked": N, "failures": [...]}; exit status 0 when there are none.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify_batch as v  # noqa: E402


def check_canonical(case):
    value = v.strict_parse(case["input"].encode("utf-8"))
    out = v.jcs(value)
    if out.hex() != case["jcsHex"] or out.decode("utf-8") != case["jcs"]:
        return f"rfc8785 gives {out.hex()}"
    return None


def check_strict(case):
    try:
        v.strict_parse(bytes.fromhex(case["inputHex"]))
    except v.Refused:
        return None
    return "was accepted"


def check_merkle(tree):
    leaves = [v.leaf_hash(bytes.fromhex(d)) for d in tree["leaves"]]
    if [h.hex() for h in leaves] != tree["leafHashes"]:
        return "leaf hashes differ"
    root = v.merkle_root(leaves)
    if root.hex() != tree["root"]:
        return "root differs"
    for proof in tree["proofs"]:
        path = [bytes.fromhex(h) for h in proof["auditPath"]]
        if [p.hex() for p in v.audit_path(proof["index"], leaves)] != proof["auditPath"]:
            return f"audit path of leaf {proof['index']} differs"
        if v.root_from_path(leaves[proof["index"]], proof["index"], len(leaves), path) != root:
            return f"proof of leaf {proof['index']} does not lead to the root"
    return None


def document_verdict(vector, keys):
    kind, document = vector["kind"], vector["document"]
    try:
        if kind == "batch-header":
            v.verified_header(document, keys)
        elif kind == "manifest":
            header, key, records = v.verified_manifest(document, keys)
            if v.record_problems(records, key, header):
                return {"status": "INVALID", "reason": "inconsistent"}
        elif kind == "revocations":
            v.verified_revocations(document, keys)
        elif kind == "amendments":
            header, key, records = v.verified_manifest(vector["manifest"], keys)
            v.amended_records(document, header, key, records)
        else:
            return {"status": "INVALID", "reason": "unknown-kind"}
    except v.Refused as refused:
        return {"status": "INVALID", "reason": refused.reason}
    return {"status": "VALID"}


def check_document(vector, keys):
    got = document_verdict(vector, keys)
    if got != vector["expected"]:
        return f"got {got}"
    if "signedJCSHex" in vector:
        signed = vector["document"]["signed"]
        if v.jcs(signed).hex() != vector["signedJCSHex"]:
            return "rfc8785 bytes of signed differ"
        if v.signed_message(signed["format"], signed["version"], signed).hex() != vector["message"]:
            return "signed message differs"
    return None


def main(path):
    with open(path, "rb") as handle:
        doc = v.strict_parse(handle.read())
    keys = [v.key_from_base64(k["publicKey"]) for k in doc["trustedKeys"]]
    checks = [(c["description"], check_canonical, c) for c in doc["canonicalJSON"]]
    checks += [(c["description"], check_strict, c) for c in doc["strictReading"]]
    checks += [(f"Merkle tree of {t['size']}", check_merkle, t) for t in doc["merkle"]]
    checks += [(d["description"], lambda d: check_document(d, keys), d) for d in doc["documents"]]
    failures = []
    for description, check, case in checks:
        problem = check(case)
        if problem:
            failures.append(f"{description}: {problem}")
    print(json.dumps({"checked": len(checks), "failures": failures}, ensure_ascii=False, indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
