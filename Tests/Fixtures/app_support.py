"""Starts and stops `ecert app` for the tests, and writes the Google Forms list they upload."""
import os
import re
import subprocess
import time

import openpyxl

GOOGLE_FORMS_HEADER = [
    "Timestamp", "Alamat email", "Nama Lengkap dan Gelar (untuk sertifikat)", "NUPTK (16 digit)",
    "Asal Sekolah / Instansi", "Kabupaten/Kota",
]
FIRST = ["Siti", "Ahmad", "Dewi", "Budi", "Rina", "Agus", "Nur", "Yohanes", "Made", "Ketut", "Fitri", "Hendra"]
LAST = ["Rahayu", "Saputra", "Lestari", "Hidayat", "Wulandari", "Simanjuntak", "Nasution", "Kurniawan", "Pratama"]
DISTRICTS = ["Kota Palembang", "Kab. Banyuasin", "Kab. Ogan Ilir", "Kota Prabumulih"]
LONGEST = "Prof. Dr. Hj. Raden Ajeng Kusumawardhani Sastroamidjojo Notonegoro, S.Pd., M.Pd., M.Sc."


def write_google_forms_xlsx(path, rows=200):
    """`rows` answers as a Google Forms sheet export; rows 50 and 120 (sheet rows 51, 121) are invalid:
    an empty name, and the NUPTK of row 119 given again (one teacher registered twice)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Form Responses 1"
    sheet.append(GOOGLE_FORMS_HEADER)
    for k in range(1, rows + 1):
        name = f"{FIRST[k % len(FIRST)]} {LAST[(k * 7) % len(LAST)]}, S.Pd."
        if k == 77:
            name = LONGEST
        nuptk = f"{1000000000000000 + k * 7919:016d}"
        if k == 50:
            name = ""
        if k == 120:
            nuptk = f"{1000000000000000 + 119 * 7919:016d}"
        sheet.append([f"2025/09/1{k % 9} 10:{k % 60:02d}:00", f"guru{k}@sekolah.sch.id", name, nuptk,
                      f"SMP Negeri {k % 40 + 1}", DISTRICTS[k % len(DISTRICTS)]])
    book.save(path)


class App:
    """`ecert app --port 0 --data DIR`, started for a test and stopped afterwards."""

    def __init__(self, ecert, data, extra=()):
        self.process = subprocess.Popen([ecert, "app", "--port", "0", "--data", data, *extra],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]{64})", line)
        if not found:
            err = self.process.stderr.read() if self.process.poll() is not None else ""
            self.stop()
            raise RuntimeError(f"ecert app did not print its address: {line!r} {err}")
        self.url = found.group(0)
        self.port = int(found.group(1))
        self.token = found.group(2)
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def wait_for(predicate, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")
