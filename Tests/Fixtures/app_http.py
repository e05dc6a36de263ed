"""Safety of `ecert app` over real HTTP: token, Host, Origin, upload size, file names, one app per
data folder, key mode. Usage: app_http.py ECERT WORKDIR. Exits non-zero on the first failure."""
import http.client
import os
import stat
import subprocess
import sys

from app_support import App, check

ecert, work = sys.argv[1], sys.argv[2]
data = os.path.join(work, "data")


def request(app, method, path, headers=None, body=None, host=None):
    conn = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", host or f"127.0.0.1:{app.port}")
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    if body is not None:
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders()
    if body is not None:
        try:
            conn.send(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer 413 and close before reading it all
    response = conn.getresponse()
    result = (response.status, dict(response.getheaders()), response.read())
    conn.close()
    return result


with App(ecert, data) as app:
    token = {"X-ECert-Token": app.token}
    status, _, _ = request(app, "GET", "/api/state")
    check(status == 401, f"no token: expected 401, got {status}")
    status, _, _ = request(app, "GET", "/api/state", {"X-ECert-Token": "0" * 64})
    check(status == 401, f"wrong token: expected 401, got {status}")
    status, _, _ = request(app, "GET", "/?token=" + "1" * 64)
    check(status == 401, f"wrong token in the URL: expected 401, got {status}")
    status, _, _ = request(app, "GET", "/api/state", token, host=f"attacker.example:{app.port}")
    check(status == 403, f"foreign Host (DNS rebinding): expected 403, got {status}")
    status, _, _ = request(app, "GET", "/api/state", token, host="127.0.0.1:1")
    check(status == 403, f"Host with another port: expected 403, got {status}")
    status, headers, _ = request(app, "GET", f"/?token={app.token}")
    check(status == 303, f"token URL: expected 303, got {status}")
    cookie = headers.get("Set-Cookie", "")
    check("HttpOnly" in cookie and "SameSite=Strict" in cookie, f"cookie flags: {cookie}")
    jar = {"Cookie": cookie.split(";")[0]}
    status, _, body = request(app, "GET", "/api/state", jar)
    check(status == 200 and b"keyID" in body, f"cookie: expected 200, got {status} {body[:200]}")
    status, _, _ = request(app, "GET", "/", jar, host=f"localhost:{app.port}")
    check(status == 200, f"localhost:PORT: expected 200, got {status}")
    form = b'{"title":"T","date":"2025-09-20","place":"P","issuer":"I","serial":"S/{seq:03}","verifyURL":"https://v.example.org/v","template":"classic"}'
    status, _, _ = request(app, "POST", "/api/event", {**jar, "Origin": "http://attacker.example", "Content-Type": "application/json"}, form)
    check(status == 403, f"foreign Origin: expected 403, got {status}")
    status, _, _ = request(app, "POST", "/api/event", {**jar, "Origin": f"http://127.0.0.1:{app.port + 1}"}, form)
    check(status == 403, f"Origin with another port: expected 403, got {status}")
    status, _, _ = request(app, "POST", "/api/event", jar, form)
    check(status == 403, f"cookie without Origin: expected 403, got {status}")
    status, _, body = request(app, "POST", "/api/event", {**jar, "Origin": f"http://127.0.0.1:{app.port}"}, form)
    check(status == 200, f"own Origin: expected 200, got {status} {body[:300]}")
    big = b"a" * (21 << 20)
    status, _, _ = request(app, "PUT", "/api/upload?name=big.csv", token, big)
    check(status == 413, f"oversized upload: expected 413, got {status}")
    check(not os.path.exists(os.path.join(data, "uploads", "big.csv")), "the oversized upload was written")
    for name in ["../../escape.csv", "..%2F..%2Fescape.csv", "%2Ftmp%2Fescape.csv", "sub%5C..%5Cescape.csv", ".."]:
        status, _, _ = request(app, "PUT", f"/api/upload?name={name}", token, b"Nama,NUPTK\n")
        check(status == 400, f"path-traversal name {name}: expected 400, got {status}")
    for place in [work, os.path.dirname(data), "/tmp"]:
        check(not os.path.exists(os.path.join(place, "escape.csv")), f"a file was written to {place}")
    status, _, body = request(app, "PUT", "/api/upload?name=Daftar%20peserta%20%E2%80%94%20final%20.csv", token, b"Nama,NUPTK\n")
    check(status == 200 and b'"Daftar_peserta___final_.csv"' in body, f"sanitised name: {status} {body}")
    status, _, _ = request(app, "GET", "/api/batch/..%2F..%2Fetc/cetak.pdf", token)
    check(status in (400, 404), f"batch path traversal: expected 400/404, got {status}")
    mode = stat.S_IMODE(os.stat(os.path.join(data, "issuer.key")).st_mode)
    check(mode == 0o600, f"issuer.key mode {oct(mode)}, expected 0600")
    second = subprocess.run([ecert, "app", "--port", "0", "--data", data], capture_output=True, text=True, timeout=60)
    check(second.returncode == 1 and "already using the data folder" in second.stderr,
          f"second app on the same folder: exit {second.returncode}, {second.stderr!r}")
    status, _, _ = request(app, "GET", "/api/state", token)
    check(status == 200, "the first app stopped answering after the second was refused")
print("app_http: all checks passed")
