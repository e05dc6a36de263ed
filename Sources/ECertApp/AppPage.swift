// The one page of `ecert app`: plain HTML, CSS and JS served from the binary (no CDN, no network).
// Texts are Indonesian; the English switch swaps every element with a data-i18n key.
package enum AppPage {
    package static let html = """
    <!doctype html>
    <html lang="id">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>ecert — Sertifikat Elektronik</title>
    <link rel="stylesheet" href="/app.css">
    <script src="/app.js" defer></script>
    </head>
    <body>
    <header>
      <h1><span data-i18n="appTitle">Penerbitan Sertifikat Elektronik</span></h1>
      <button id="lang" type="button" aria-label="Language">English</button>
    </header>
    <div id="keywarn" class="warn" hidden>
      <strong data-i18n="keyNew">Kunci penerbit baru telah dibuat.</strong>
      <span data-i18n="keyWhy">Simpan cadangannya di tempat aman: tanpa kunci ini sertifikat tidak dapat dikoreksi atau diterbitkan ulang.</span>
      <a id="keybackup" href="/api/key-backup" download="issuer.key" data-i18n="keyBackup">Unduh cadangan kunci</a>
      <button type="button" id="keyok" class="small" data-i18n="dismiss">Sudah saya simpan</button>
    </div>
    <nav id="steps">
      <a href="#kegiatan" data-step="kegiatan" data-i18n="stepEvent">1. Kegiatan</a>
      <a href="#desain" data-step="desain" data-i18n="stepDesign">2. Desain</a>
      <a href="#peserta" data-step="peserta" data-i18n="stepList">3. Peserta</a>
      <a href="#terbitkan" data-step="terbitkan" data-i18n="stepIssue">4. Terbitkan</a>
      <a href="#kirim" data-step="kirim" data-i18n="stepSend">5. Kirim</a>
      <a href="#periksa" data-step="periksa" data-i18n="stepVerify">6. Periksa</a>
    </nav>
    <main>
    <section id="kegiatan">
      <h2 data-i18n="eventHead">Data kegiatan</h2>
      <form id="eventForm">
        <label><span data-i18n="fTitle">Nama kegiatan</span><input name="title" id="f-title" required maxlength="300"></label>
        <div class="row">
          <label><span data-i18n="fDate">Tanggal mulai</span><input type="date" name="date" id="f-date" required></label>
          <label><span data-i18n="fEnd">Tanggal selesai</span><input type="date" name="endDate" id="f-endDate"></label>
          <label><span data-i18n="fHours">Jam pelajaran (JP)</span><input type="number" min="0" max="9999" name="hours" id="f-hours"></label>
        </div>
        <div class="row">
          <label><span data-i18n="fActivity">Jenis kegiatan</span><input name="activity" id="f-activity" placeholder="Pelatihan, Webinar, Bimtek…"></label>
          <label><span data-i18n="fMode">Moda</span><select name="mode" id="f-mode"><option value="">—</option><option value="daring">Daring</option><option value="luring">Luring</option><option value="hybrid">Hybrid</option></select></label>
        </div>
        <label><span data-i18n="fPlace">Tempat</span><input name="place" id="f-place" required></label>
        <label><span data-i18n="fIssuer">Penerbit</span><input name="issuer" id="f-issuer" required placeholder="Dinas Pendidikan …"></label>
        <div class="row">
          <label><span data-i18n="fSerial">Pola nomor sertifikat</span><input name="serial" id="f-serial" required value="SERT/2025/{seq:05}"></label>
          <label><span data-i18n="fURL">Alamat halaman verifikasi (https://)</span><input name="verifyURL" id="f-verifyURL" required value="https://verify.example.org/v"></label>
        </div>
        <fieldset>
          <legend data-i18n="fSign">Penanda tangan</legend>
          <div class="row signer">
            <label><span data-i18n="fSName">Nama</span><input id="s1-name"></label>
            <label><span data-i18n="fSPos">Jabatan</span><input id="s1-position"></label>
            <label><span>NIP</span><input id="s1-nip" inputmode="numeric"></label>
            <label><span data-i18n="fSig">Gambar tanda tangan (PNG/SVG)</span><input type="file" id="s1-signature" data-asset="s1" accept=".png,.jpg,.jpeg,.svg"><small id="s1-signature-name"></small></label>
          </div>
          <div class="row signer">
            <label><span data-i18n="fSName">Nama</span><input id="s2-name"></label>
            <label><span data-i18n="fSPos">Jabatan</span><input id="s2-position"></label>
            <label><span>NIP</span><input id="s2-nip" inputmode="numeric"></label>
            <label><span data-i18n="fSig">Gambar tanda tangan (PNG/SVG)</span><input type="file" id="s2-signature" data-asset="s2" accept=".png,.jpg,.jpeg,.svg"><small id="s2-signature-name"></small></label>
          </div>
        </fieldset>
        <div class="row">
          <label><span data-i18n="fLogoL">Logo kiri</span><input type="file" id="logo-left" data-asset="logoLeft" accept=".png,.jpg,.jpeg,.svg"><small id="logo-left-name"></small></label>
          <label><span data-i18n="fLogoR">Logo kanan</span><input type="file" id="logo-right" data-asset="logoRight" accept=".png,.jpg,.jpeg,.svg"><small id="logo-right-name"></small></label>
        </div>
        <button type="submit" id="saveEvent" data-i18n="save">Simpan kegiatan</button>
        <p id="eventMsg" class="msg" role="status"></p>
      </form>
    </section>
    <section id="desain">
      <h2 data-i18n="designHead">Desain sertifikat</h2>
      <div id="templates" class="choices"></div>
      <p class="hint" data-i18n="previewHint">Pratinjau memakai nama terpanjang dari daftar peserta. Kode QR pratinjau tidak dapat diverifikasi.</p>
      <img id="preview" alt="Pratinjau sertifikat">
    </section>
    <section id="peserta">
      <h2 data-i18n="listHead">Daftar peserta</h2>
      <label class="drop"><span data-i18n="listPick">Pilih berkas CSV atau Excel (.xlsx), misalnya ekspor Google Formulir</span>
        <input type="file" id="listFile" accept=".csv,.xlsx,.txt"></label>
      <div id="mapping" hidden>
        <h3 data-i18n="mapHead">Kolom</h3>
        <div id="mapRows" class="mapgrid"></div>
        <button type="button" id="recheck" data-i18n="recheck">Periksa ulang</button>
      </div>
      <div id="report" hidden>
        <p id="summary" class="summary"></p>
        <div class="bars" id="funnel"></div>
        <table id="problems"><thead><tr><th data-i18n="row">Baris</th><th data-i18n="problem">Masalah</th></tr></thead><tbody></tbody></table>
      </div>
    </section>
    <section id="terbitkan">
      <h2 data-i18n="issueHead">Terbitkan</h2>
      <p class="hint" data-i18n="issueHint">Baris yang bermasalah tidak diterbitkan; daftarnya ikut diunduh (ditolak.csv).</p>
      <button type="button" id="issue" data-i18n="issueGo">Terbitkan sertifikat</button>
      <progress id="bar" max="1" value="0" hidden></progress>
      <p id="issueMsg" class="msg" role="status"></p>
      <ul id="downloads" class="downloads"></ul>
    </section>
    <section id="kirim">
      <h2 data-i18n="sendHead">Kirim</h2>
      <p class="hint" data-i18n="sendHint">Setelah terbit: links.csv berisi tautan unduh dan tautan WhatsApp per peserta. Pengiriman e-mail: ecert send (SMTP) dengan folder batch ini.</p>
      <p id="sendLinks"></p>
    </section>
    <section id="periksa">
      <h2 data-i18n="verifyHead">Periksa sertifikat</h2>
      <label class="drop" id="verifyDrop"><span data-i18n="verifyPick">Letakkan atau pilih PDF atau foto sertifikat</span>
        <input type="file" id="verifyFile" accept=".pdf,.png,.jpg,.jpeg"></label>
      <div id="verdict" class="verdict" role="status"></div>
    </section>
    </main>
    <footer><span data-i18n="foot">Semua data tetap di komputer ini. Folder data:</span> <code id="folder"></code></footer>
    </body>
    </html>
    """

    package static let style = """
    *{box-sizing:border-box}
    body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2433;background:#f4f6fa}
    header{display:flex;align-items:center;justify-content:space-between;gap:1rem;padding:.8rem 1rem;background:#0b5cab;color:#fff}
    header h1{font-size:1.15rem;margin:0}
    header button{background:#fff;color:#0b5cab;border:0}
    nav{display:flex;overflow-x:auto;gap:.25rem;padding:.5rem;background:#fff;border-bottom:1px solid #d8dee9;position:sticky;top:0;z-index:2}
    nav a{white-space:nowrap;padding:.45rem .7rem;border-radius:6px;text-decoration:none;color:#1d2433}
    nav a.active{background:#0b5cab;color:#fff}
    main{max-width:960px;margin:0 auto;padding:1rem}
    section{background:#fff;border:1px solid #d8dee9;border-radius:10px;padding:1rem;margin-bottom:1rem}
    section[hidden]{display:none}
    h2{margin:.1rem 0 .8rem;font-size:1.2rem}
    label{display:block;margin:.4rem 0;flex:1;min-width:12rem}
    label span{display:block;font-size:.85rem;color:#4a5468;margin-bottom:.15rem}
    small{display:block;color:#4a5468;font-size:.8rem;min-height:1em}
    input,select{width:100%;padding:.55rem;border:1px solid #b9c2d3;border-radius:6px;font:inherit;background:#fff}
    .row{display:flex;flex-wrap:wrap;gap:.75rem}
    fieldset{border:1px solid #d8dee9;border-radius:8px;margin:.6rem 0;padding:.5rem .8rem}
    button{font:inherit;padding:.6rem 1.1rem;border-radius:6px;border:0;background:#0b5cab;color:#fff;cursor:pointer;margin-top:.5rem}
    button:disabled{opacity:.5}
    .msg{min-height:1.4em}
    .msg.err,.err{color:#b00020}
    .msg.ok{color:#17702e}
    .warn{background:#fff4d6;border-bottom:1px solid #e2b93b;padding:.7rem 1rem}
    .warn a{margin-left:.4rem;font-weight:600}
    .warn button.small{padding:.3rem .7rem;margin:0 0 0 .6rem;font-size:.85rem;background:#6b5310}
    .hint{color:#4a5468;font-size:.9rem}
    .choices{display:flex;flex-wrap:wrap;gap:.5rem}
    .choices button{background:#e8eef8;color:#1d2433;margin:0}
    .choices button.active{background:#0b5cab;color:#fff}
    #preview{display:block;width:100%;max-width:100%;height:auto;margin-top:.7rem;border:1px solid #d8dee9;min-height:3rem}
    .drop{border:2px dashed #9fb0cc;border-radius:10px;padding:1rem;text-align:center;background:#f8faff}
    .mapgrid{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.5rem}
    .summary{font-weight:600}
    table{width:100%;border-collapse:collapse;font-size:.92rem}
    th,td{text-align:left;padding:.35rem;border-bottom:1px solid #e3e7ef;vertical-align:top}
    td:first-child{white-space:nowrap}
    .bars{display:flex;flex-direction:column;gap:.25rem;margin:.5rem 0}
    .bar{display:flex;align-items:center;gap:.5rem;font-size:.85rem}
    .bar i{display:block;height:.9rem;background:#0b5cab;border-radius:3px}
    .bar i.bad{background:#c23b3b}
    progress{width:100%;height:1.2rem;margin-top:.8rem}
    .downloads{padding-left:1.1rem}
    .downloads a{font-weight:600}
    .verdict{margin-top:.7rem;padding:.7rem;border-radius:8px}
    .verdict.valid{background:#e3f5e8;color:#17702e}
    .verdict.invalid{background:#fde7e9;color:#b00020}
    footer{max-width:960px;margin:0 auto;padding:0 1rem 2rem;color:#4a5468;font-size:.85rem;word-break:break-all}
    @media (max-width:600px){header h1{font-size:1rem}main{padding:.5rem}section{padding:.8rem}label{min-width:100%}
      nav{display:grid;grid-template-columns:repeat(3,1fr);position:static}nav a{text-align:center;padding:.45rem .2rem;font-size:.9rem}
      .warn button.small{display:block;margin:.5rem 0 0}}
    """
}
