#!/usr/bin/env python3
"""Reads every message of a Maildir (or .eml files in a folder) with Python's `email` package and
prints them as JSON for the delivery tests: decoded headers, both bodies, attachments with their
SHA-256, and the parser's defects (a malformed message has some)."""
import email, email.policy, hashlib, json, os, sys


def read(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    defects = [str(d) for part in msg.walk() for d in part.defects] + [str(d) for d in msg.defects]
    plain = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    to = msg["To"]
    return {
        "file": os.path.basename(path),
        "from": str(msg["From"]), "to": str(to), "toAddress": to.addresses[0].addr_spec if to else "",
        "toName": to.addresses[0].display_name if to else "",
        "subject": str(msg["Subject"]), "messageID": str(msg["Message-ID"]), "date": str(msg["Date"]),
        "listUnsubscribe": str(msg["List-Unsubscribe"] or ""),
        "contentType": msg.get_content_type(),
        "text": plain.get_content() if plain else "", "html": html.get_content() if html else "",
        "attachments": [{"filename": a.get_filename(), "type": a.get_content_type(),
                         "sha256": hashlib.sha256(a.get_content()).hexdigest()} for a in msg.iter_attachments()],
        "defects": defects,
    }


def main(folder):
    files = []
    for sub in ("new", "cur"):
        d = os.path.join(folder, sub)
        if os.path.isdir(d):
            files += [os.path.join(d, n) for n in sorted(os.listdir(d))]
    if not files and os.path.isdir(folder):
        files = [os.path.join(folder, n) for n in sorted(os.listdir(folder)) if n.endswith(".eml")]
    json.dump([read(f) for f in files], sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
