#!/usr/bin/env python3
"""An independent verifier of what ecert writes, written from docs/FORMAT.md alone.

    verify_batch.py BATCH_FOLDER --pub issuer.pub [--pub other.pub …]
    verify_batch.py DISTRICT.zip --pub issuer.pub

Prints one JSON verdict: {"status": "VALID"|"INVALID"|"REVOKED", "findings": [...]}.
Uses only the standard library, `cryptography` and `rfc8785`. Exit status: 0 VALID, 1 otherwise.
"""

import base64
import hashlib
import json
import os
import sys
import re
import zipfile

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key

SCHEME = "ed25519-jcs-sha256"
# The payload signature covers b"ecert-payload-v<version>" followed by the payload bytes before it.
OWN_FILES = {"manifest.json", "revocations.json", "amendments.json"}
RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}
# Swift's CharacterSet.whitespacesAndNewlines: Unicode Zs, tab, U+000A–U+000D, U+0085, U+2028, U+2029.
TRIMMED = "\t\n\x0b\x0c\r\x85\u2028\u2029 \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


class Refused(Exception):
    """A file or value that does not verify; the text names what is wrong."""

    def __init__(self, reason, text):
        super().__init__(text)
        self.reason = reason  # a reason code: malformed, bad-signature, unknown-key, inconsistent
        self.text = text


# ---------------------------------------------------------------- strict JSON (FORMAT.md §2)

def _no_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise Refused("malformed", f"duplicate key \"{key}\"")
        seen[key] = value
    return seen


def _no_constant(name):
    raise Refused("malformed", f"{name} is not JSON")


def _check_scalars(value):
    if isinstance(value, str):
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise Refused("malformed", "a string holds a lone surrogate")
    elif isinstance(value, list):
        for item in value:
            _check_scalars(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_scalars(key)
            _check_scalars(item)


def strict_parse(data):
    """Parses JSON bytes: no BOM, valid UTF-8, no duplicate keys, no NaN/Infinity, no trailing data."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise Refused("malformed", "starts with a byte order mark")
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise Refused("malformed", f"not valid UTF-8 ({error})")
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise Refused("malformed", f"not JSON ({error})")
    _check_scalars(value)
    return value


def jcs(value):
    return rfc8785.dumps(value)


def sha256(data):
    return hashlib.sha256(data).digest()


# ---------------------------------------------------------------- keys

class Key:
    def __init__(self, raw):
        self.raw = raw
        self.key_id = sha256(raw)[:8].hex()
        self.public = Ed25519PublicKey.from_public_bytes(raw)

    def verifies(self, signature, message):
        try:
            self.public.verify(signature, message)
            return True
        except InvalidSignature:
            return False


def load_keys(pem_paths):
    keys = []
    for path in pem_paths:
        text = open(path, "rb").read()
        for block in text.split(b"-----END PUBLIC KEY-----"):
            if b"-----BEGIN PUBLIC KEY-----" in block:
                key = load_pem_public_key(block + b"-----END PUBLIC KEY-----\n")
                keys.append(Key(key.public_bytes(Encoding.Raw, PublicFormat.Raw)))
    return keys


def key_from_base64(text):
    return Key(base64.b64decode(text, validate=True))


# ---------------------------------------------------------------- signed documents (FORMAT.md §3)

def _require(condition, reason, text):
    if not condition:
        raise Refused(reason, text)


def signed_message(fmt, version, signed):
    return f"{fmt}-v{version}".encode("ascii") + b"\x00" + sha256(jcs(signed))


def verify_signed(document, fmt, version, keys):
    """Checks a signed document and returns (body, signer key). Nothing in body is used before this."""
    _require(isinstance(document, dict) and set(document) == {"signed", "signature"}, "malformed",
             "a signed document has exactly the keys signed and signature")
    signature, signed = document["signature"], document["signed"]
    _require(isinstance(signature, dict) and set(signature) == {"scheme", "value"}, "malformed", "signature is {scheme, value}")
    _require(signature["scheme"] == SCHEME, "malformed", f"signature scheme {signature['scheme']!r} is not {SCHEME}")
    try:
        raw_signature = base64.b64decode(signature["value"], validate=True)
    except (ValueError, TypeError):
        raw_signature = b""
    _require(len(raw_signature) == 64, "malformed", "signature.value is not Base64 of 64 bytes")
    _require(isinstance(signed, dict) and set(signed) == {"format", "version", "signer", "body"}, "malformed",
             "signed has exactly format, version, signer and body")
    _require(signed["format"] == fmt and signed["version"] == version and type(signed["version"]) is int, "malformed",
             f"holds {signed['format']} version {signed['version']} where {fmt} version {version} belongs")
    signer = signed["signer"]
    _require(isinstance(signer, dict) and set(signer) == {"keyID", "publicKey"}, "malformed", "signer is {keyID, publicKey}")
    key = next((k for k in keys if k.key_id == signer["keyID"] and base64.b64encode(k.raw).decode() == signer["publicKey"]), None)
    _require(key is not None, "unknown-key", f"signed by key {signer['keyID']}, which is not trusted")
    _require(key.verifies(raw_signature, signed_message(fmt, version, signed)), "bad-signature",
             f"the signature of {fmt} does not verify with key {key.key_id}")
    return signed["body"], key


# ---------------------------------------------------------------- payload (FORMAT.md §6, §7)

BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def base32_decode(text):
    """Letters in either case, digits 2–7, '=' ignored anywhere; the leftover bits must be fewer than 5 and zero."""
    buffer, bits, out = 0, 0, bytearray()
    for c in text:
        if c == "=":
            continue
        index = BASE32_ALPHABET.find(c.upper()) if c.isascii() else -1
        if index < 0:
            raise Refused("malformed", "not Base32 text")
        buffer, bits = (buffer << 5) | index, bits + 5
        if bits >= 8:
            out.append((buffer >> (bits - 8)) & 0xFF)
            bits -= 8
    if bits >= 5 or buffer & ((1 << bits) - 1):
        raise Refused("malformed", "Base32 text has a stray last character")
    return bytes(out)


def payload_bytes(text):
    text = text.strip()
    if "#" in text:
        text = text[text.rindex("#") + 1:]
    _require(text != "", "malformed", "empty payload")
    if re.fullmatch(r"[0-9]+", text):
        return decimal_decode(text)
    return base32_decode(text)


DECIMAL_DIGITS = [0, 3, 5, 8, 10, 13, 15, 17]


def decimal_decode(text):
    """The decimal QR form of payload version 3 (FORMAT.md section 8): 7 bytes per 17 digits."""
    _require(len(text) % 17 in DECIMAL_DIGITS, "malformed", "decimal text has a length no groups add up to")
    tail, out, at = DECIMAL_DIGITS.index(len(text) % 17), bytearray(), 0
    while at < len(text):
        k = 7 if len(text) - at >= 17 else tail
        value = int(text[at:at + DECIMAL_DIGITS[k]])
        _require(value < 256 ** k, "malformed", "decimal group too large for its bytes")
        out += value.to_bytes(k, "big")
        at += DECIMAL_DIGITS[k]
    return bytes(out)


def read_leb128(data, offset):
    value, shift = 0, 0
    while True:
        _require(offset < len(data), "malformed", "payload is truncated")
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        if byte & 0x80 == 0:
            _require(byte != 0 or shift == 0, "malformed", "serial length is not minimal LEB128")
            return value, offset
        shift += 7
        _require(shift < 28, "malformed", "serial length is longer than 4 bytes")


ROLES = ["peserta", "narasumber", "moderator", "panitia", "fasilitator", "instruktur", "pengajar", "pembawa acara"]
ACTIVITIES = ["", "seminar", "lokakarya", "pelatihan", "bimtek", "webinar", "workshop", "diklat"]


def decode_payload(text):
    data = payload_bytes(text)
    _require(len(data) >= 1 and data[0] in (2, 3), "unsupported-version" if data else "malformed",
             f"payload version {data[0] if data else '?'} is not 2 or 3")
    _require(len(data) >= 13, "malformed", "payload is truncated")
    credit, offset = None, 11
    if data[0] == 3:
        # Version 3: days to the last day (1), hours (LEB128), activity << 4 | role (1).
        span = data[11]
        hours, offset = read_leb128(data, 12)
        _require(hours <= 9999 and offset < len(data), "malformed", "hours out of range or payload truncated")
        kinds = data[offset]
        _require((kinds & 0x0F) < len(ROLES) and (kinds >> 4) < len(ACTIVITIES), "malformed", "unknown role or activity code")
        credit = {"span": span, "hours": hours, "role": ROLES[kinds & 0x0F], "activity": ACTIVITIES[kinds >> 4]}
        offset += 1
    digest = data[offset:offset + 2]
    _require(len(data) >= offset + 2, "malformed", "payload is truncated")
    serial_length, offset = read_leb128(data, offset + 2)
    _require(len(data) - offset - serial_length >= 65, "malformed", "payload is truncated")
    try:
        serial = data[offset:offset + serial_length].decode("utf-8")
        name = data[offset + serial_length:-64].decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("malformed", "a text field is not valid UTF-8")
    days = int.from_bytes(data[9:11], "big")
    return {"version": data[0], "keyID": data[1:5].hex(), "eventID": data[5:9].hex(), "days": days, "digest": digest,
            "serial": serial, "name": name, "credit": credit, "signed": data[:-64], "signature": data[-64:]}


def days_since_epoch(iso):
    import datetime
    return (datetime.date.fromisoformat(iso) - datetime.date(1970, 1, 1)).days


def participant_digest(participant_id):
    return sha256(b"ecert-participant-id:" + participant_id.encode("utf-8"))[:2]


# ---------------------------------------------------------------- records (FORMAT.md §10)

RECORD_KEYS = {"serial", "participantID", "name", "file", "sha256", "payload", "line", "columns"}
RECORD_OPTIONAL = {"role", "hours", "pdfSignature"}
# pdfSignature: only on a PAdES-signed PDF (FORMAT.md §20, "PAdES signature").


def pdf_signature_problem(signature):
    """What is wrong with a record's pdfSignature object, or None."""
    if not isinstance(signature, dict) or set(signature) != {"bodySHA256", "contentsSize", "cms"}:
        return "pdfSignature does not have exactly the keys bodySHA256, cms, contentsSize"
    body, size = signature["bodySHA256"], signature["contentsSize"]
    if not isinstance(body, str) or len(body) != 64 or any(c not in "0123456789abcdef" for c in body):
        return "pdfSignature.bodySHA256 is not lower-case hex SHA-256"
    try:
        cms = base64.b64decode(signature["cms"], validate=True)
    except (ValueError, TypeError):
        return "pdfSignature.cms is not Base64"
    if not isinstance(size, int) or isinstance(size, bool) or not 0 < len(cms) <= size:
        return "pdfSignature.cms does not fit pdfSignature.contentsSize"
    return None


def safe_file_name(serial, extension="pdf"):
    name = "".join(c if (c.isascii() and (c.isalnum() or c in "-_")) else "_" for c in serial)
    if name == "" or set(name) == {"_"}:
        name = "certificate" + name
    if name.upper() in RESERVED_NAMES:
        name = "_" + name
    return name[:150] + "." + extension


def event_hours(event, role):
    spec = (event.get("roles") or {}).get(role) or {}
    return spec["hours"] if "hours" in spec else event.get("hours", 0)


def credit_problem(record, p, event):
    """Payload version 3 against a version-2 event (FORMAT.md, "Payload version 3")."""
    credit = p["credit"]
    if credit is None:
        return "its payload has no credit facts, but the event is version 2" if event.get("version") == 2 or "role" in record else None
    if event.get("version") != 2:
        return "its payload carries credit facts, but the event is version 1"
    if p["days"] + credit["span"] != days_since_epoch(event.get("end_date", event["date"])):
        return "its payload's last day is not the event's"
    activity = event.get("activity", "")
    if credit["activity"] != (activity if activity in ACTIVITIES else ""):
        return "its payload's activity is not the event's"
    if credit["role"] != "peserta" and credit["role"] not in (event.get("roles") or {}):
        return "its payload's role is not declared by the event"
    if credit["hours"] != event_hours(event, credit["role"]):
        return "its payload's hours are not the event's for its role"
    if record.get("role") != credit["role"] or record.get("hours") != credit["hours"]:
        return "its record's role or hours differ from its payload"
    return None


def record_problem(record, key, event_id, event):
    """What is wrong with one record against its verified header, or None."""
    event_date = event["date"]
    if not isinstance(record, dict) or not RECORD_KEYS <= set(record) or not set(record) <= RECORD_KEYS | RECORD_OPTIONAL:
        return "the record does not have exactly the keys " + ", ".join(sorted(RECORD_KEYS))
    if "pdfSignature" in record and (problem := pdf_signature_problem(record["pdfSignature"])):
        return problem
    expected = safe_file_name(record["serial"])
    if record["file"] != expected:
        return f"file is {record['file']!r} but serial {record['serial']} gives {expected!r}"
    try:
        p = decode_payload(record["payload"])
    except Refused as refused:
        return f"its payload cannot be decoded ({refused.text})"
    tag = b"ecert-payload-v" + str(p["version"]).encode("ascii")
    if p["keyID"] != key.key_id[:8] or not key.verifies(p["signature"], tag + p["signed"]):
        return f"its payload's signature does not verify with the batch key {key.key_id}"
    if p["serial"] != record["serial"] or p["name"] != record["name"] or p["digest"] != participant_digest(record["participantID"]):
        return f"its signed payload (serial {p['serial']}, name {p['name']!r}) differs from the record"
    if p["eventID"] != event_id:
        return f"its payload names event {p['eventID']}, not the batch's {event_id}"
    if p["days"] != days_since_epoch(event_date):
        return "its payload is dated another day than the event date " + event_date
    return credit_problem(record, p, event)


def record_problems(records, key, header):
    problems, seen = {}, set()
    for record in records:
        serial = record.get("serial") if isinstance(record, dict) else None
        if serial in seen:
            problems[serial] = f"serial {serial} appears more than once"
        seen.add(serial)
    for record in records:
        problem = record_problem(record, key, header["eventID"], header["event"])
        serial = record.get("serial") if isinstance(record, dict) else "?"
        if problem and serial not in problems:
            problems[serial] = problem
    return problems


# ---------------------------------------------------------------- batch header (FORMAT.md §9)

HEADER_KEYS = {"generator", "event", "eventID", "template", "fonts", "input", "counts", "merkleRoot", "treeSize"}
HEADER_OPTIONAL = {"rejected", "funnel", "nameCase"}


def event_facts(event):
    """Version 1: title, date, place, issuer. Version 2 adds end_date, hours, activity and mode
    (when given) and program_sha256, the SHA-256 of the JCS of the program topics."""
    facts = {k: event[k] for k in ("title", "date", "place", "issuer")}
    if event.get("version") == 2:
        facts["end_date"] = event.get("end_date", event["date"])
        facts["hours"] = event.get("hours", 0)
        for k in ("activity", "mode"):
            if k in event:
                facts[k] = event[k]
        if "program" in event:
            facts["program_sha256"] = sha256(jcs(event["program"])).hex()
    return facts


def event_id(event):
    return sha256(jcs(event_facts(event)))[:4].hex()


def header_problems(body):
    keys = set(body)
    if not HEADER_KEYS <= keys or not keys <= HEADER_KEYS | HEADER_OPTIONAL:
        return ["the header body has keys " + ", ".join(sorted(keys))]
    out, counts = [], body["counts"]
    expected = event_id(body["event"])
    if body["eventID"] != expected:
        out.append(f"event ID {body['eventID']} is not the hash of the event facts ({expected})")
    if counts["issued"] != body["treeSize"]:
        out.append(f"counts.issued is {counts['issued']} but treeSize is {body['treeSize']}")
    if counts["rowsRead"] != counts["valid"] + counts["rejected"]:
        out.append("counts do not add up: rowsRead != valid + rejected")
    if "roles" in counts and sum(counts["roles"].values()) != counts["issued"]:
        out.append("counts.roles do not add up to counts.issued")
    if counts["issued"] > counts["valid"]:
        out.append("counts.issued is more than counts.valid")
    rejected = body.get("rejected")
    if rejected is not None and rejected["rows"] != counts["rejected"]:
        out.append("rejected.rows differs from counts.rejected")
    if rejected is not None and rejected["file"] != "rejected.csv":
        out.append("rejected.file is not rejected.csv")
    try:
        if len(bytes.fromhex(body["merkleRoot"])) != 32:
            out.append("merkleRoot is not 64 hex digits")
    except ValueError:
        out.append("merkleRoot is not 64 hex digits")
    return out


def verified_header(document, keys):
    body, key = verify_signed(document, "ecert-batch-header", 2, keys)
    problems = header_problems(body)
    _require(not problems, "inconsistent", "batch header: " + "; ".join(problems))
    return body, key


# ---------------------------------------------------------------- Merkle tree (FORMAT.md §8)

def leaf_hash(data):
    return sha256(b"\x00" + data)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def merkle_root(leaves):
    if not leaves:
        return sha256(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(merkle_root(leaves[:k]), merkle_root(leaves[k:]))


def audit_path(index, leaves):
    if len(leaves) <= 1:
        return []
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    if index < k:
        return audit_path(index, leaves[:k]) + [merkle_root(leaves[k:])]
    return audit_path(index - k, leaves[k:]) + [merkle_root(leaves[:k])]


def root_from_path(leaf, index, size, path):
    """RFC 9162 §2.1.3.2; None when the path cannot belong to a tree of `size` leaves."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0 or len(p) != 32:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn & 1 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return r if sn == 0 else None


# ---------------------------------------------------------------- revocations (FORMAT.md §12)

def verified_revocations(value, keys):
    """Returns (version, signer key, entries) of a signed revocation list."""
    if isinstance(value, dict) and "signed" in value:
        body, key = verify_signed(value, "ecert-revocations", 2, keys)
        for entry in body["entries"]:
            _require("eventID" in entry and "keyID" in entry, "malformed", f"entry {entry.get('serial')} has no eventID or keyID")
        return 2, key, body
    _require(isinstance(value, dict) and set(value) == {"format", "version", "body", "signature"}, "malformed",
             "not a revocation list")
    _require(value["format"] == "ecert-revocations" and value["version"] == 1, "malformed", "unknown revocation list version")
    issuer = value["body"]["issuer"]
    key = next((k for k in keys if k.key_id == issuer["keyID"] and base64.b64encode(k.raw).decode() == issuer["publicKey"]), None)
    _require(key is not None, "unknown-key", "the revocation list is signed by a key that is not trusted")
    _require(key.verifies(base64.b64decode(value["signature"]), jcs(value["body"])), "bad-signature",
             "the revocation list's signature does not verify")
    for entry in value["body"]["entries"]:
        _require("eventID" not in entry and "keyID" not in entry, "malformed", "a version-1 entry has eventID or keyID")
    return 1, key, value["body"]


def revoked_serials(value, keys, header, batch_key):
    version, signer, body = verified_revocations(value, keys)
    if version == 1:
        return {e["serial"]: e for e in body["entries"]} if signer.raw == batch_key.raw else {}
    return {e["serial"]: e for e in body["entries"] if e["eventID"] == header["eventID"] and e["keyID"] == batch_key.key_id}


# ---------------------------------------------------------------- amendments (FORMAT.md §13)

def amended_records(value, header, batch_key, records):
    body, _ = verify_signed(value, "ecert-amendments", 2, [batch_key])
    _require(body["eventID"] == header["eventID"] and body["merkleRoot"] == header["merkleRoot"], "inconsistent",
             "amendments.json belongs to another batch")
    head, serials, issued = body["merkleRoot"], {r["serial"] for r in records}, []
    for k, entry in enumerate(body["entries"], start=1):
        _require(entry["sequence"] == k, "inconsistent", f"amendment {k} has sequence {entry['sequence']}")
        _require(entry["previous"] == head, "inconsistent", f"amendment {k} does not chain to the entry before it")
        _require(entry["revoked"].get("replacedBy") == entry["issued"]["serial"], "inconsistent", f"amendment {k} links another serial")
        _require(entry["revoked"]["serial"] in serials, "inconsistent", f"amendment {k} revokes a serial not in the batch")
        _require(entry["issued"]["serial"] not in serials, "inconsistent", f"amendment {k} issues an existing serial")
        serials.add(entry["issued"]["serial"])
        problem = record_problem(entry["issued"], batch_key, header["eventID"], header["event"])
        _require(problem is None, "inconsistent", f"amendment {k}: {problem}")
        issued.append(entry["issued"])
        head = sha256(jcs(entry)).hex()
    return issued


# ---------------------------------------------------------------- containers (FORMAT.md §4, §5)

def container(value, fmt, version, keys):
    _require(isinstance(value, dict), "malformed", f"not an ecert {fmt} file")
    _require(value.get("format") == fmt, "malformed", f"format is not {fmt}")
    _require(value.get("version") == version, "malformed", f"{fmt} version is not {version}")
    extra = set(value) - keys
    _require(not extra, "malformed", f"unknown keys {sorted(extra)}")
    return value


def verified_manifest(value, keys):
    """Header signature, consistency, tree size and Merkle root; returns (header, key, records)."""
    manifest = container(value, "ecert-manifest", 3, {"format", "version", "header", "records"})
    header, key = verified_header(manifest["header"], keys)
    records = manifest["records"]
    _require(len(records) == header["treeSize"], "inconsistent",
             f"holds {len(records)} records but the signed header says {header['treeSize']}")
    root = merkle_root([leaf_hash(jcs(r)) for r in records]).hex()
    _require(root == header["merkleRoot"], "inconsistent",
             f"the records give Merkle root {root}, not the signed {header['merkleRoot']}")
    return header, key, records


# ---------------------------------------------------------------- verdicts

class Verdict:
    def __init__(self):
        self.findings, self.revoked = [], []

    def add(self, code, text):
        self.findings.append({"code": code, "text": text})

    def refusal(self, refused, where):
        self.add(refused.reason, f"{where}: {refused.text}")

    def result(self):
        status = "INVALID" if self.findings else ("REVOKED" if self.revoked else "VALID")
        return {"status": status, "findings": self.findings + [{"code": "revoked", "text": f"REVOKED {s}"} for s in self.revoked]}


def file_findings(verdict, folder, expected):
    for name, digest in expected:
        path = os.path.join(folder, name)
        if not os.path.lexists(path):
            verdict.add("missing", f"MISSING {name}")
        elif os.path.islink(path) or not os.path.isfile(path):
            verdict.add("not-a-file", f"NOT FILE {name}")
        elif hashlib.sha256(open(path, "rb").read()).hexdigest() != digest:
            verdict.add("file-modified", f"MODIFIED {name}")
    listed = {name for name, _ in expected} | OWN_FILES
    for name in sorted(os.listdir(folder)):
        if not name.startswith(".") and name not in listed:
            verdict.add("unlisted", f"UNLISTED {name}")


def read_json_file(path):
    with open(path, "rb") as handle:
        return strict_parse(handle.read())


def verify_folder(folder, keys):
    verdict = Verdict()
    try:
        header, key, records = verified_manifest(read_json_file(os.path.join(folder, "manifest.json")), keys)
    except Refused as refused:
        verdict.refusal(refused, "manifest.json")
        return verdict.result()
    for serial, problem in record_problems(records, key, header).items():
        verdict.add("inconsistent", f"RECORD {serial}: {problem}")
    amendments = os.path.join(folder, "amendments.json")
    if os.path.exists(amendments):
        try:
            records = records + amended_records(read_json_file(amendments), header, key, records)
        except Refused as refused:
            verdict.refusal(refused, "amendments.json")
    expected = [(safe_file_name(r["serial"]), r["sha256"]) for r in records if isinstance(r, dict) and "serial" in r]
    if header.get("rejected") is not None:
        expected.append(("rejected.csv", header["rejected"]["sha256"]))
    file_findings(verdict, folder, expected)
    revocations = os.path.join(folder, "revocations.json")
    if os.path.exists(revocations):
        try:
            revoked = revoked_serials(read_json_file(revocations), keys, header, key)
            verdict.revoked = [r["serial"] for r in records if r["serial"] in revoked]
        except Refused as refused:
            verdict.refusal(refused, "revocations.json")
    return verdict.result()


def group_value(record, column):
    value = record["columns"].get(column, "").strip(TRIMMED)
    return value if value else "unassigned"


def verify_bundle(path, keys):
    verdict = Verdict()
    with zipfile.ZipFile(path) as archive:
        files = {info.filename: (b"" if info.is_dir() else archive.read(info)) for info in archive.infolist()}
    try:
        _require("bundle.json" in files, "malformed", "holds no bundle.json")
        bundle = container(strict_parse(files.pop("bundle.json")), "ecert-bundle", 2,
                           {"format", "version", "column", "value", "header", "revocations", "records"})
        header, key = verified_header(bundle["header"], keys)
    except Refused as refused:
        verdict.refusal(refused, "bundle.json")
        return verdict.result()
    root, seen = bytes.fromhex(header["merkleRoot"]), set()
    for proven in bundle["records"]:
        record = proven["record"]
        if proven["leafIndex"] in seen:
            verdict.add("inconsistent", f"PROOF {record['serial']}: leaf {proven['leafIndex']} appears more than once")
        seen.add(proven["leafIndex"])
        path_hashes = [bytes.fromhex(h) for h in proven["auditPath"]]
        if root_from_path(leaf_hash(jcs(record)), proven["leafIndex"], header["treeSize"], path_hashes) != root:
            verdict.add("inconsistent", f"PROOF {record['serial']}: its inclusion proof does not lead to the signed Merkle root")
            continue
        if group_value(record, bundle["column"]) != bundle["value"]:
            verdict.add("inconsistent", f"DISTRICT {record['serial']} belongs to another district")
        problem = record_problem(record, key, header["eventID"], header["event"])
        if problem:
            verdict.add("inconsistent", f"RECORD {record['serial']}: {problem}")
        elif record["file"] not in files:
            verdict.add("missing", f"MISSING {record['file']}")
        elif hashlib.sha256(files[record["file"]]).hexdigest() != record["sha256"]:
            verdict.add("file-modified", f"MODIFIED {record['file']}")
    listed = {p["record"]["file"] for p in bundle["records"]}
    for name in sorted(files):
        if name not in listed:
            verdict.add("unlisted", f"UNLISTED {name}")
    if bundle.get("revocations") is not None:
        try:
            revoked = revoked_serials(bundle["revocations"], keys, header, key)
            verdict.revoked = [p["record"]["serial"] for p in bundle["records"] if p["record"]["serial"] in revoked]
        except Refused as refused:
            verdict.refusal(refused, "bundle.json revocations")
    return verdict.result()


def main(argv):
    args, pems = [], []
    it = iter(argv)
    for arg in it:
        if arg == "--pub":
            pems.append(next(it))
        else:
            args.append(arg)
    if len(args) != 1 or not pems:
        print(__doc__, file=sys.stderr)
        return 2
    keys = load_keys(pems)
    target = args[0]
    result = verify_bundle(target, keys) if target.lower().endswith(".zip") else verify_folder(target, keys)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if result["status"] == "VALID" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
