#!/usr/bin/env python3
"""A test CA and a signer certificate for the PAdES tests, made with Python's `cryptography`
(independent of ecert): OUT/root.pem, OUT/signer.key (PKCS #8 PEM), OUT/chain.pem (signer, then
root). Usage: pades_ca.py OUT rsa|ec [COMMON NAME]. Valid 2020-01-01 .. 2045-01-01, so any event
date of the tests is inside the validity period."""
import datetime
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def new_key(kind):
    return ec.generate_private_key(ec.SECP256R1()) if kind == "ec" else rsa.generate_private_key(65537, 2048)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ecert test CA"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def certificate(subject, issuer, public_key, signing_key, ca, serial):
    not_before = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
               .serial_number(serial).not_valid_before(not_before)
               .not_valid_after(datetime.datetime(2045, 1, 1, tzinfo=datetime.timezone.utc))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
    else:
        builder = builder.add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
    return builder.sign(signing_key, hashes.SHA256())


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def main():
    out, kind = sys.argv[1], sys.argv[2]
    cn = sys.argv[3] if len(sys.argv) > 3 else "Dinas Pendidikan Uji"
    root_key = new_key(kind)
    root = certificate(name("ecert Test Root CA"), name("ecert Test Root CA"), root_key.public_key(), root_key, True, x509.random_serial_number())
    signer_key = new_key(kind)
    signer = certificate(name(cn), root.subject, signer_key.public_key(), root_key, False, x509.random_serial_number())
    open(f"{out}/root.pem", "wb").write(pem(root))
    open(f"{out}/root.key", "wb").write(root_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    open(f"{out}/signer.key", "wb").write(signer_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    open(f"{out}/chain.pem", "wb").write(pem(signer) + pem(root))


if __name__ == "__main__":
    main()
