"""The whole `ecert app` flow in headless Chromium driven by Selenium: fill the event, upload a
200-row Google Forms workbook, map columns, see the two invalid rows, issue, download the ZIP.
Then the ZIP's PDFs must verify with `ecert verify` and be byte-identical to `ecert issue` with the
same inputs and key. With a third argument, screenshots of every step at phone and desktop width
go to that folder. Usage: app_flow.py ECERT WORKDIR [SHOTS]."""
import filecmp
import os
import subprocess
import sys
import zipfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from app_support import App, LONGEST, check, wait_for, write_google_forms_xlsx

ecert, work = sys.argv[1], sys.argv[2]
shots = sys.argv[3] if len(sys.argv) > 3 else None
data, downloads = os.path.join(work, "data"), os.path.join(work, "downloads")
os.makedirs(downloads, exist_ok=True)
# The file name is signed into the manifest (input.file): one that the app keeps as it is.
xlsx = os.path.join(work, "jawaban-formulir.xlsx")
write_google_forms_xlsx(xlsx)

options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-proxy-server", "--window-size=1280,900",
             f"--user-data-dir={os.path.join(work, 'chrome-profile')}"]:
    options.add_argument(flag)
options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False,
                                          "profile.default_content_setting_values.automatic_downloads": 1})
options.binary_location = "/usr/bin/chromium"


def shoot(driver, step):
    if not shots:
        return
    for label, width, height in [("phone", 390, 844), ("desktop", 1280, 900)]:
        driver.set_window_size(width, height)
        full = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(max(height, full + 140), 4000))
        driver.save_screenshot(os.path.join(shots, f"{step}-{label}.png"))
    driver.set_window_size(1280, 900)


def fill(driver, field, value):
    element = driver.find_element(By.ID, field)
    element.clear()
    element.send_keys(value)


def set_date(driver, field, iso):
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, field), iso)


def recheck(driver):
    """Maps the school column by hand, as a user would, and waits for the new report."""
    before = driver.execute_script("return document.body.dataset.checks")
    Select(driver.find_element(By.ID, "map-school")).select_by_visible_text("Asal Sekolah / Instansi")
    driver.find_element(By.ID, "recheck").click()
    wait_for(lambda: driver.execute_script("return document.body.dataset.checks") != before, 30, "the report after mapping")


with App(ecert, data) as app:
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(app.url)
        wait_for(lambda: driver.execute_script("return document.body.dataset.ready"), 30, "the page to load")
        check("token=" not in driver.current_url, f"the token stays in the address bar: {driver.current_url}")
        check(driver.find_element(By.ID, "keywarn").is_displayed(), "no warning about the new key")
        # 1. Kegiatan
        fill(driver, "f-title", "Pelatihan Pembelajaran Mendalam bagi Guru SMP")
        set_date(driver, "f-date", "2025-07-16")
        set_date(driver, "f-endDate", "2025-07-18")
        fill(driver, "f-hours", "32")
        fill(driver, "f-activity", "Pelatihan")
        Select(driver.find_element(By.ID, "f-mode")).select_by_value("luring")
        fill(driver, "f-place", "Palembang")
        fill(driver, "f-issuer", "Dinas Pendidikan Provinsi Sumatera Selatan")
        fill(driver, "f-serial", "PPM/2025/{seq:05}")
        fill(driver, "f-verifyURL", "https://verify.disdik.example.go.id/v")
        fill(driver, "s1-name", "Drs. H. Ahmad Zulkarnain, M.Si.")
        fill(driver, "s1-position", "Kepala Dinas Pendidikan")
        fill(driver, "s1-nip", "196805121994031005")
        signature = os.path.join(work, "tanda tangan kadis.svg")
        with open(signature, "w") as f:
            f.write('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><path d="M10 80 C 60 10, 90 10, 120 70 S 200 20, 290 40" '
                    'stroke="#1b2a6b" stroke-width="5" fill="none"/></svg>')
        driver.find_element(By.ID, "s1-signature").send_keys(signature)
        wait_for(lambda: driver.find_element(By.ID, "s1-signature-name").text == "assets/tanda_tangan_kadis.svg", 20, "the signature upload")
        driver.find_element(By.ID, "saveEvent").click()
        wait_for(lambda: "event.yaml" in driver.find_element(By.ID, "eventMsg").text, 20, "the event to be saved")
        shoot(driver, "1-kegiatan")
        # 3. Peserta (before Desain, so the preview shows the longest name of the list)
        driver.get(app.base + "/#peserta")
        wait_for(lambda: driver.execute_script("return document.body.dataset.ready"), 30, "the page")
        driver.find_element(By.ID, "listFile").send_keys(xlsx)
        wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#problems tr.problem"), 60, "the check report")
        name_column = Select(driver.find_element(By.ID, "map-name")).first_selected_option.text
        id_column = Select(driver.find_element(By.ID, "map-id")).first_selected_option.text
        check(name_column == "Nama Lengkap dan Gelar (untuk sertifikat)", f"name column suggested: {name_column!r}")
        check(id_column == "NUPTK (16 digit)", f"ID column suggested: {id_column!r}")
        recheck(driver)
        rows = driver.find_elements(By.CSS_SELECTOR, "#problems tr.problem")
        lines = [r.find_elements(By.TAG_NAME, "td")[0].text for r in rows]
        check(lines == ["51", "121"], f"invalid rows reported: {lines} {[r.text for r in rows]}")
        check("198 valid" in driver.find_element(By.ID, "summary").text, driver.find_element(By.ID, "summary").text)
        shoot(driver, "3-peserta")
        # 2. Desain
        driver.get(app.base + "/#desain")
        wait_for(lambda: driver.execute_script("return document.body.dataset.ready"), 30, "the page")
        driver.find_element(By.CSS_SELECTOR, '#templates button[data-template="formal"]').click()
        wait_for(lambda: driver.execute_script("const i = document.getElementById('preview'); return i.complete && i.naturalWidth > 0 && i.src.includes('formal')"), 60, "the preview")
        check("Kusumawardhani" in driver.find_element(By.ID, "preview").get_attribute("src"), "the preview does not use the longest name")
        shoot(driver, "2-desain")
        # 4. Terbitkan
        driver.get(app.base + "/#peserta")
        wait_for(lambda: driver.execute_script("return document.body.dataset.ready"), 30, "the page")
        driver.find_element(By.ID, "listFile").send_keys(xlsx)
        wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#problems tr.problem"), 60, "the check report")
        recheck(driver)
        driver.find_element(By.CSS_SELECTOR, 'nav a[data-step="terbitkan"]').click()
        driver.find_element(By.ID, "issue").click()
        wait_for(lambda: driver.find_elements(By.ID, "dl-zip"), 600, "the batch to be issued")
        check("198" in driver.find_element(By.ID, "issueMsg").text, driver.find_element(By.ID, "issueMsg").text)
        shoot(driver, "4-terbitkan")
        driver.find_element(By.ID, "dl-zip").click()
        zips = wait_for(lambda: [f for f in os.listdir(downloads) if f.startswith("sertifikat") and f.endswith(".zip")], 60, "the ZIP download")
        for link, prefix in [("dl-bundles", "bundel"), ("dl-site", "situs"), ("dl-links", "links")]:
            driver.find_element(By.ID, link).click()
            wait_for(lambda: [f for f in os.listdir(downloads) if f.startswith(prefix) and not f.endswith(".crdownload")], 60, f"the {prefix} download")
        # 6. Periksa: one of the issued PDFs, dropped on the page.
        unzipped = os.path.join(work, "unzipped")
        with zipfile.ZipFile(os.path.join(downloads, zips[0])) as z:
            z.extractall(unzipped)
        pdfs = sorted(f for f in os.listdir(unzipped) if f.endswith(".pdf"))
        check(len(pdfs) == 198, f"{len(pdfs)} PDFs in the ZIP, expected 198")
        driver.find_element(By.CSS_SELECTOR, 'nav a[data-step="periksa"]').click()
        driver.find_element(By.ID, "verifyFile").send_keys(os.path.join(unzipped, pdfs[0]))
        wait_for(lambda: "SAH" in driver.find_element(By.ID, "verdict").text, 60, "the verdict")
        check(driver.find_element(By.ID, "verdict").text.startswith("SAH ·"), driver.find_element(By.ID, "verdict").text)
        shoot(driver, "6-periksa")
        driver.find_element(By.CSS_SELECTOR, 'nav a[data-step="kirim"]').click()
        shoot(driver, "5-kirim")
        driver.find_element(By.ID, "lang").click()
        driver.find_element(By.CSS_SELECTOR, 'nav a[data-step="kegiatan"]').click()
        check(driver.find_element(By.CSS_SELECTOR, 'label span[data-i18n="fTitle"]').text == "Event title", "the English switch")
        shoot(driver, "1-kegiatan-en")
    finally:
        driver.quit()

# The same batch from the command line, with the app's event file, key and column mapping.
cli = os.path.join(work, "cli")
result = subprocess.run([ecert, "issue", xlsx, "--event", os.path.join(data, "event.yaml"), "--key", os.path.join(data, "issuer.key"),
                         "--out", cli, "--skip-invalid", "--column", "name=Nama Lengkap dan Gelar (untuk sertifikat)",
                         "--column", "id=NUPTK (16 digit)", "--column", "email=Alamat email",
                         "--column", "school=Asal Sekolah / Instansi", "--column", "district=Kabupaten/Kota"],
                        capture_output=True, text=True)
check(result.returncode == 0, f"ecert issue failed: {result.stdout} {result.stderr}")
cli_files = sorted(f for f in os.listdir(cli) if not f.startswith("."))
app_files = sorted(os.listdir(unzipped))
check(cli_files == app_files, f"files differ: {set(cli_files) ^ set(app_files)}")
_, mismatch, errors = filecmp.cmpfiles(cli, unzipped, cli_files, shallow=False)
check(not mismatch and not errors, f"not byte-identical: {mismatch[:5]} {errors[:5]}")
verified = subprocess.run([ecert, "verify", unzipped, "--pub", os.path.join(data, "issuer.pub")], capture_output=True, text=True)
check(verified.returncode == 0, f"ecert verify failed: {verified.stdout[-2000:]} {verified.stderr[-2000:]}")
# District bundles: the same ZIPs as `ecert bundle --by`, each verifying on its own.
bundles = os.path.join(work, "bundles-app")
with zipfile.ZipFile(os.path.join(downloads, next(f for f in os.listdir(downloads) if f.startswith("bundel")))) as z:
    z.extractall(bundles)
cli_bundles = os.path.join(work, "bundles-cli")
result = subprocess.run([ecert, "bundle", cli, "--by", "Kabupaten/Kota", "--out", cli_bundles, "--pub", os.path.join(data, "issuer.pub")],
                        capture_output=True, text=True)
check(result.returncode == 0, f"ecert bundle failed: {result.stderr}")
names = sorted(os.listdir(cli_bundles))
check(names == sorted(os.listdir(bundles)) and len(names) == 4, f"bundles differ: {names} {os.listdir(bundles)}")
_, mismatch, errors = filecmp.cmpfiles(cli_bundles, bundles, names, shallow=False)
check(not mismatch and not errors, f"bundles not byte-identical: {mismatch} {errors}")
for name in names:
    one = subprocess.run([ecert, "verify", os.path.join(bundles, name), "--pub", os.path.join(data, "issuer.pub")], capture_output=True, text=True)
    check(one.returncode == 0, f"bundle {name} does not verify: {one.stdout[-500:]} {one.stderr[-500:]}")
with zipfile.ZipFile(os.path.join(downloads, next(f for f in os.listdir(downloads) if f.startswith("situs")))) as z:
    site_files = z.namelist()
check("index.html" in site_files and sum(f.startswith("c/") and f.endswith(".pdf") for f in site_files) == 198, f"site ZIP: {site_files[:10]}")
links = open(os.path.join(downloads, next(f for f in os.listdir(downloads) if f.startswith("links"))), encoding="utf-8").read()
check(links.count("\n") >= 199 and "wa.me" not in links.splitlines()[0], f"links.csv: {links[:300]}")
print(f"app_flow: {len(pdfs)} PDFs issued in the browser, byte-identical to ecert issue, verified")
