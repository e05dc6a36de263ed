#!/usr/bin/env python3
"""Test inputs made from gen_participants.py output, the way organisers' tools write them.

  lists.py variants BASE.csv OUTDIR        # the same rows as 5 CSV dialects/encodings + list.xlsx
  lists.py xlsx IN.csv OUT.xlsx [--inline-strings] [--numeric-ids] [--sheet NAME] [--first-sheet NAME]
  lists.py event-exports REG.csv ZOOM.csv QUIZ.csv   # Zoom participant report + Google Forms quiz export

.xlsx files are written by real workbook writers: XlsxWriter (text as shared strings, like Excel) or,
with --inline-strings, openpyxl (text as <c t="inlineStr"><is><t>…</t></is></c>). --numeric-ids stores
the NUPTK as a number with the zero-padded format "0000000000000000".
"""
import csv, io, random, sys

ID_COLUMNS = {"NUPTK", "NIP", "NIK", "ID"}


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write_csv(path, header, rows, delimiter, encoding, newline):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    w.writerow(header)
    w.writerows(rows)
    with open(path, "wb") as f:
        f.write(buf.getvalue().encode(encoding))


def cell_value(title, value, numeric_ids):
    if value == "":
        return None
    if title in ID_COLUMNS:
        return int(value) if numeric_ids and title == "NUPTK" else value    # IDs as text unless asked
    if value.isdigit() and not value.startswith("0"):
        return int(value)                                                    # counts and scores as numbers
    return value


def write_xlsx(path, header, rows, inline=False, numeric_ids=False, sheet="Peserta", first_sheet=None):
    """xlsxwriter stores text as shared strings (as Excel does); openpyxl (--inline-strings) inline."""
    if inline:
        import openpyxl
        wb = openpyxl.Workbook()
        ws = wb.active
        if first_sheet:
            ws.title = first_sheet
            ws.append(["Petunjuk: daftar peserta ada di sheet berikutnya"])
            ws = wb.create_sheet(sheet)
        else:
            ws.title = sheet
        ws.append(header)
        for row in rows:
            ws.append([cell_value(t, v, numeric_ids) for t, v in zip(header, row)])
        wb.save(path)
        return
    import xlsxwriter
    wb = xlsxwriter.Workbook(path)
    if first_sheet:
        wb.add_worksheet(first_sheet).write_string(0, 0, "Petunjuk: daftar peserta ada di sheet berikutnya")
    ws = wb.add_worksheet(sheet)
    text = wb.add_format({"num_format": "@"})
    padded = wb.add_format({"num_format": "0" * 16})   # how Excel users keep a NUPTK's leading zeros
    for c, title in enumerate(header):
        ws.write_string(0, c, title)
    for r, row in enumerate(rows, start=1):
        for c, (title, value) in enumerate(zip(header, row)):
            v = cell_value(title, value, numeric_ids)
            if v is None:
                continue
            if isinstance(v, int):
                ws.write_number(r, c, v, padded if title == "NUPTK" else None)
            else:
                ws.write_string(r, c, v, text if title in ID_COLUMNS else None)
    wb.close()


def variants(base, outdir):
    header, rows = read_csv(base)
    name = header.index("Nama Lengkap")
    nuptk = header.index("NUPTK")
    # Characters that tell the encodings apart (all in Windows-1252), and a NUPTK with leading zeros.
    rows[2][name] = "Désirée Pérez, S.Pd."
    rows[4][name] = "Nur’aini Müller"
    rows[6][name] = "Ñoño Çelik, M.Pd."
    rows[8][nuptk] = "0012345678901234"
    write_csv(f"{outdir}/base.csv", header, rows, ",", "utf-8", "\r\n")
    write_csv(f"{outdir}/utf8-comma.csv", header, rows, ",", "utf-8", "\n")
    write_csv(f"{outdir}/utf8bom-semicolon.csv", header, rows, ";", "utf-8-sig", "\r\n")
    write_csv(f"{outdir}/utf16-tab.csv", header, rows, "\t", "utf-16", "\r\n")
    write_csv(f"{outdir}/cp1252-semicolon.csv", header, rows, ";", "cp1252", "\r\n")
    write_xlsx(f"{outdir}/list.xlsx", header, rows)


def event_exports(reg, zoom_path, quiz_path):
    """Zoom rows and quiz attempts that say what the generator's `Hadir (menit)` and `Skor Kuis` say."""
    header, rows = read_csv(reg)
    col = {h: k for k, h in enumerate(header)}
    rng = random.Random(7)

    def plain(n):  # the name as typed into Zoom: no titles or degrees
        n = n.split(",")[0]
        words = [w for w in n.split() if w.rstrip(".").lower() not in {"dr", "dra", "drs", "hj", "h", "ir"}]
        return " ".join(words)

    counts = {}
    for r in rows:
        k = plain(r[col["Nama Lengkap"]]).lower()
        counts[k] = counts.get(k, 0) + 1

    zoom = io.StringIO()
    w = csv.writer(zoom, lineterminator="\n")
    w.writerow(["Meeting ID", "Topic", "Start Time", "End Time", "User Email", "Duration (Minutes)", "Participants"])
    w.writerow(["812 3456 7890", "Webinar Guru Belajar AI", "09/20/2025 08:00:00 AM", "09/20/2025 11:30:00 AM", "host@example.org", "210", ""])
    w.writerow([])
    w.writerow(["Name (original name)", "User Email", "Join time", "Leave time", "Duration (minutes)", "Guest"])
    quiz = io.StringIO()
    q = csv.writer(quiz, lineterminator="\n")
    q.writerow(["Timestamp", "Email Address", "Score", "Nama Lengkap"])
    by_name = 0
    for r in rows:
        name, email = r[col["Nama Lengkap"]], r[col["Email"]]
        minutes = int(r[col["Hadir (menit)"]] or 0)
        if minutes > 0:
            joins = min(minutes, rng.choice([1, 1, 1, 2, 2, 3]))
            cuts = sorted(rng.sample(range(1, minutes), joins - 1)) if joins > 1 else []
            parts = [b - a for a, b in zip([0] + cuts, cuts + [minutes])]
            guest = counts[plain(name).lower()] == 1 and rng.random() < 0.04
            shown = email.upper() if rng.random() < 0.1 else email
            start = 8 * 60
            for p in parts:
                display = plain(name)
                if guest and rng.random() < 0.5:
                    display = f"HP Guru ({plain(name)})"
                w.writerow([display.lower() if guest else name, "" if guest else f" {shown} ",
                            f"09/20/2025 {start // 60:02d}:{start % 60:02d}:00", "", p, "Yes" if guest else "No"])
                start += p + 1
            by_name += guest
        score = r[col["Skor Kuis"]]
        if score != "":
            if int(score) >= 70 and rng.random() < 0.2:
                q.writerow(["2025/09/20 10:00:00 AM GMT+7", email, f"{rng.randrange(0, 70)} / 100", name])
            q.writerow(["2025/09/20 10:30:00 AM GMT+7", email.upper() if rng.random() < 0.1 else email, f"{score} / 100", name])
    for g in range(25):
        w.writerow([f"Tamu {g}", f"tamu{g}@example.org", "09/20/2025 08:00:00", "", 90, "Yes"])
    with open(zoom_path, "w", encoding="utf-8", newline="") as f:
        f.write(zoom.getvalue())
    with open(quiz_path, "w", encoding="utf-8", newline="") as f:
        f.write(quiz.getvalue())
    print(by_name)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "variants":
        variants(*args)
    elif cmd == "xlsx":
        flags = [a for a in args if a.startswith("--")]
        pos = [a for a in args if not a.startswith("--")]
        opts = {}
        i = 0
        while i < len(args):
            if args[i] in ("--sheet", "--first-sheet"):
                opts[args[i][2:].replace("-", "_")] = args[i + 1]
                pos.remove(args[i + 1])
                i += 2
            else:
                i += 1
        header, rows = read_csv(pos[0])
        write_xlsx(pos[1], header, rows, inline="--inline-strings" in flags, numeric_ids="--numeric-ids" in flags, **opts)
    elif cmd == "event-exports":
        event_exports(*args)
    else:
        sys.exit(f"unknown command {cmd}")
