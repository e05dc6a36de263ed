#!/usr/bin/env python3
"""A real SMTP server for the delivery tests and benchmark: aiosmtpd on 127.0.0.1 with STARTTLS
(or implicit TLS) on a test certificate, AUTH PLAIN/LOGIN required, every accepted message
written to a Maildir. Fault rules (JSON) make it answer like a busy or picky server:

  {"defer": {"a@x.id": 2}}     451 to RCPT for that address, twice, then accepted
  {"close421": {"b@x.id": 1}}  421 and the connection closed, once
  {"reject": ["c@x.id"]}       550 to RCPT, always
  {"drop_after": 5}            after 5 accepted messages, the next RCPT gets the connection cut (once)

Prints "READY <port>" when it accepts connections; a log line per message (JSON) goes to --log.
"""
import argparse, asyncio, json, mailbox, os, signal, socket, ssl, sys, time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, maildir, rules, log):
        self.box = mailbox.Maildir(maildir, create=True)
        self.defer = dict(rules.get("defer", {}))
        self.close421 = dict(rules.get("close421", {}))
        self.reject = set(rules.get("reject", []))
        self.drop_after = rules.get("drop_after")
        self.accepted = 0
        self.log = open(log, "a", buffering=1) if log else None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if self.defer.get(address, 0) > 0:
            self.defer[address] -= 1
            return "451 4.7.1 <%s>: Greylisted, try again later" % address
        if self.close421.get(address, 0) > 0:
            self.close421[address] -= 1
            server.transport.write(b"421 4.3.2 Service shutting down, closing connection\r\n")
            server.transport.close()
            return "421 4.3.2 closing"
        if self.drop_after is not None and self.accepted >= self.drop_after:
            self.drop_after = None
            server.transport.abort()
            return "250 OK"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.box.add(envelope.original_content)
        self.accepted += 1
        if self.log:
            self.log.write(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos, "tls": session.ssl is not None,
                                       "auth": session.authenticated, "size": len(envelope.original_content)}) + "\n")
        return "250 2.0.0 Ok: queued as %d" % self.accepted


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--maildir", required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--user", default="panitia")
    p.add_argument("--password", default="rahasia")
    p.add_argument("--rules", default="{}")
    p.add_argument("--log")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--implicit-tls", action="store_true")
    a = p.parse_args()

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == a.user.encode() and auth_data.password == a.password.encode()
        return AuthResult(success=ok, handled=False)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(a.cert, a.key)
    port = a.port
    if port == 0:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
    handler = Handler(a.maildir, json.loads(a.rules), a.log)
    common = dict(hostname="127.0.0.1", port=port, authenticator=authenticator, auth_require_tls=True)
    if a.implicit_tls:
        controller = Controller(handler, ssl_context=context, server_hostname="127.0.0.1", **common)
    else:
        controller = Controller(handler, tls_context=context, require_starttls=True, **common)
    controller.start()
    print("READY %d" % port, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (controller.stop(), sys.exit(0)))
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
