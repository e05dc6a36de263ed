extension AppPage {
    package static let script = #"""
    'use strict';
    const EN = {
      appTitle: 'Electronic Certificates', keyNew: 'A new issuer key was created.',
      keyWhy: 'Keep a backup in a safe place: without this key certificates cannot be corrected or re-issued.',
      keyBackup: 'Download key backup', stepEvent: '1. Event', stepDesign: '2. Design', stepList: '3. Participants',
      stepIssue: '4. Issue', stepSend: '5. Send', stepVerify: '6. Verify', eventHead: 'Event details',
      fTitle: 'Event title', fDate: 'First day', fEnd: 'Last day', fHours: 'Hours (JP)', fActivity: 'Kind of activity',
      fMode: 'Mode', fPlace: 'Place', fIssuer: 'Issuer', fSerial: 'Certificate number pattern',
      fURL: 'Verification page address (https://)', fSign: 'Signatories', fSig: 'Signature image (PNG/SVG)', fLogoL: 'Left logo', fLogoR: 'Right logo', fSName: 'Name', fSPos: 'Position',
      save: 'Save event', designHead: 'Certificate design',
      previewHint: 'The preview uses the longest name of the participant list. Its QR code does not verify.',
      listHead: 'Participant list', listPick: 'Choose a CSV or Excel (.xlsx) file, e.g. a Google Forms export',
      mapHead: 'Columns', recheck: 'Check again', row: 'Row', problem: 'Problem', issueHead: 'Issue',
      issueHint: 'Rows with problems are not issued; their list is part of the downloads (rejected.csv).',
      issueGo: 'Issue certificates', sendHead: 'Send',
      sendHint: 'After issuing: links.csv holds a download link and a WhatsApp link per participant. E-mail: ecert send (SMTP) with this batch folder.',
      verifyHead: 'Verify a certificate', verifyPick: 'Drop or choose a PDF or a photo of a certificate',
      foot: 'All data stays on this computer. Data folder:',
      saved: 'Saved as event.yaml (usable with ecert issue --event).', rows: 'rows', valid: 'valid', problems: 'with problems',
      read: 'Rows read', running: 'Issuing…', done: 'Done', issued: 'certificates issued', zip: 'ZIP of all PDFs',
      print: 'Print PDF (all pages)', bundles: 'District bundles (one ZIP per district)', site: 'Verification site (upload it to verify_url)',
      links: 'links.csv (download and WhatsApp links)', dismiss: 'I have saved it', rejected: 'Rejected rows (CSV)', none: '— none —', noProblems: 'No problems.',
      roles: {name: 'Name', id: 'ID (NUPTK/NIP)', email: 'E-mail', school: 'School', district: 'District', province: 'Province'}
    };
    const ID_ROLES = {name: 'Nama', id: 'ID (NUPTK/NIP)', email: 'E-mail', school: 'Sekolah', district: 'Kabupaten/Kota', province: 'Provinsi'};
    const ID_TEXT = {saved: 'Tersimpan sebagai event.yaml (dapat dipakai dengan ecert issue --event).', rows: 'baris', valid: 'valid',
      problems: 'bermasalah', read: 'Baris dibaca', running: 'Menerbitkan…', done: 'Selesai', issued: 'sertifikat diterbitkan',
      zip: 'ZIP semua PDF', print: 'PDF cetak (semua halaman)', bundles: 'Bundel per kabupaten/kota (satu ZIP per daerah)',
      site: 'Situs verifikasi (unggah ke alamat verify_url)', links: 'links.csv (tautan unduh dan WhatsApp)', rejected: 'Baris ditolak (CSV)', none: '— tidak ada —', noProblems: 'Tidak ada masalah.'};
    // RowProblem.Kind in Indonesian; the detailed reason from ecert follows in English.
    const KIND_ID = {'empty name': 'Nama kosong', 'empty ID': 'ID kosong', 'duplicate ID': 'ID ganda', 'duplicate email': 'E-mail ganda',
      'malformed NUPTK': 'NUPTK tidak valid', 'malformed NIP': 'NIP tidak valid', 'control or invisible character': 'Karakter tak terlihat',
      'bidi override character': 'Karakter arah teks', 'name too long': 'Nama terlalu panjang'};
    const VERDICT_ID = {'VALID': 'SAH', 'INVALID': 'TIDAK SAH', 'REVOKED': 'DICABUT', 'UNKNOWN KEY': 'KUNCI TIDAK DIKENAL'};
    let lang = localStorage.getItem('ecert-lang') || 'id';
    const original = {};
    const S = {assets: {}, template: 'classic', list: null, columns: null, longest: 'Nama Peserta', header: []};
    const $ = (id) => document.getElementById(id);
    const t = (k) => lang === 'en' ? EN[k] : ID_TEXT[k];
    const roleName = (r) => (lang === 'en' ? EN.roles : ID_ROLES)[r];

    async function api(path, options) {
      const response = await fetch(path, Object.assign({credentials: 'same-origin'}, options || {}));
      const type = response.headers.get('content-type') || '';
      const body = type.startsWith('application/json') ? await response.json() : null;
      if (!response.ok) throw new Error((body && body.error) || ('HTTP ' + response.status));
      return body;
    }
    // encodeURIComponent, not URLSearchParams: the server reads '+' as a plus sign, not a space.
    const query = (o) => Object.entries(o).map(([k, v]) => k + '=' + encodeURIComponent(v)).join('&');
    const postJSON = (path, value) => api(path, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(value)});

    function applyLanguage() {
      document.documentElement.lang = lang;
      document.querySelectorAll('[data-i18n]').forEach((el) => {
        const key = el.dataset.i18n;
        if (!(key in original)) original[key] = el.textContent;
        el.textContent = lang === 'en' ? (EN[key] || original[key]) : original[key];
      });
      $('lang').textContent = lang === 'en' ? 'Bahasa Indonesia' : 'English';
      if (S.header.length) renderMapping();
    }

    function showStep() {
      const step = (location.hash || '#kegiatan').slice(1);
      document.querySelectorAll('main section').forEach((s) => { s.hidden = s.id !== step; });
      document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.dataset.step === step));
      if (step === 'desain') refreshPreview();
    }

    function message(el, text, ok) { el.textContent = text; el.className = 'msg ' + (ok ? 'ok' : 'err'); }

    function formValue() {
      const v = (id) => $(id).value.trim();
      const people = [1, 2].map((k) => ({name: v('s' + k + '-name'), position: v('s' + k + '-position'), nip: v('s' + k + '-nip') || undefined,
        signature: S.assets['s' + k]})).filter((p) => p.name);
      const form = {title: v('f-title'), date: v('f-date'), place: v('f-place'), issuer: v('f-issuer'), serial: v('f-serial'),
        verifyURL: v('f-verifyURL'), template: S.template};
      for (const k of ['endDate', 'hours', 'activity', 'mode']) if (v('f-' + k)) form[k] = v('f-' + k);
      if (people.length) form.signatories = people;
      if (S.assets.logoLeft) form.logoLeft = S.assets.logoLeft;
      if (S.assets.logoRight) form.logoRight = S.assets.logoRight;
      return form;
    }

    function fillForm(form) {
      for (const k of ['title', 'date', 'endDate', 'hours', 'activity', 'mode', 'place', 'issuer', 'serial', 'verifyURL'])
        if (form[k] !== undefined) $('f-' + k).value = form[k];
      (form.signatories || []).slice(0, 2).forEach((p, i) => {
        $('s' + (i + 1) + '-name').value = p.name || ''; $('s' + (i + 1) + '-position').value = p.position || '';
        $('s' + (i + 1) + '-nip').value = p.nip || '';
        if (p.signature) { S.assets['s' + (i + 1)] = p.signature; $('s' + (i + 1) + '-signature-name').textContent = p.signature; }
      });
      if (form.logoLeft) { S.assets.logoLeft = form.logoLeft; $('logo-left-name').textContent = form.logoLeft; }
      if (form.logoRight) { S.assets.logoRight = form.logoRight; $('logo-right-name').textContent = form.logoRight; }
      if (form.template) S.template = form.template;
    }

    async function saveEvent(event) {
      if (event) event.preventDefault();
      try { await postJSON('/api/event', formValue()); message($('eventMsg'), t('saved'), true); return true; }
      catch (e) { message($('eventMsg'), e.message, false); return false; }
    }

    function renderTemplates(names) {
      const box = $('templates'); box.textContent = '';
      for (const name of names) {
        const b = document.createElement('button'); b.type = 'button'; b.textContent = name; b.dataset.template = name;
        b.className = name === S.template ? 'active' : '';
        b.addEventListener('click', async () => { S.template = name; renderTemplates(names); await saveEvent(); refreshPreview(); });
        box.appendChild(b);
      }
    }

    function refreshPreview() {
      $('preview').src = '/api/preview.png?' + query({template: S.template, name: S.longest, n: Date.now()});
    }

    async function uploadAsset(input) {
      const file = input.files[0]; if (!file) return;
      try {
        const r = await api('/api/upload?' + query({kind: 'asset', name: file.name}), {method: 'PUT', body: file});
        S.assets[input.dataset.asset] = r.name; $(input.id + '-name').textContent = r.name;
      } catch (e) { message($('eventMsg'), e.message, false); }
    }

    async function uploadList(file) {
      try {
        const r = await api('/api/upload?' + query({name: file.name}), {method: 'PUT', body: file});
        S.list = r.name; S.columns = null; await check();
      } catch (e) { showReportError(e.message); }
    }

    function showReportError(text) {
      $('report').hidden = false; $('summary').textContent = text; $('summary').className = 'summary err';
      $('problems').tBodies[0].textContent = ''; $('funnel').textContent = '';
    }

    async function check() {
      try {
        const r = await postJSON('/api/check', S.columns ? {list: S.list, columns: S.columns} : {list: S.list});
        S.header = r.header; S.columns = r.columns; S.report = r; if (r.longestName) S.longest = r.longestName;
        renderMapping(); renderReport(r);
      } catch (e) { showReportError(e.message); }
      document.body.dataset.checks = String(Number(document.body.dataset.checks || 0) + 1);  // for tests: a report is complete
    }

    function renderMapping() {
      const grid = $('mapRows'); grid.textContent = '';
      for (const role of ['name', 'id', 'email', 'school', 'district', 'province']) {
        const label = document.createElement('label');
        const span = document.createElement('span'); span.textContent = roleName(role); label.appendChild(span);
        const select = document.createElement('select'); select.id = 'map-' + role; select.dataset.role = role;
        const none = document.createElement('option'); none.value = ''; none.textContent = t('none'); select.appendChild(none);
        for (const h of S.header) { const o = document.createElement('option'); o.value = h; o.textContent = h; select.appendChild(o); }
        select.value = (S.columns && S.columns[role]) || '';
        label.appendChild(select); grid.appendChild(label);
      }
      $('mapping').hidden = false;
    }

    function renderReport(r) {
      $('report').hidden = false;
      $('summary').className = 'summary';
      $('summary').textContent = r.rowsRead + ' ' + t('rows') + ', ' + r.valid + ' ' + t('valid') + ', ' + (r.rowsRead - r.valid) + ' ' + t('problems');
      const funnel = $('funnel'); funnel.textContent = '';
      for (const [label, n, bad] of [[t('read'), r.rowsRead, false], [t('valid'), r.valid, false], [t('problems'), r.rowsRead - r.valid, true]]) {
        const row = document.createElement('div'); row.className = 'bar';
        const bar = document.createElement('i'); bar.style.width = Math.max(2, 60 * n / Math.max(1, r.rowsRead)) + '%'; if (bad) bar.className = 'bad';
        row.appendChild(bar); row.appendChild(document.createTextNode(label + ': ' + n)); funnel.appendChild(row);
      }
      const body = $('problems').tBodies[0]; body.textContent = '';
      if (!r.problems.length) { const tr = body.insertRow(); const td = tr.insertCell(); td.colSpan = 2; td.textContent = t('noProblems'); }
      for (const p of r.problems) {
        const tr = body.insertRow(); tr.className = 'problem'; tr.insertCell().textContent = p.line;
        const cell = tr.insertCell(); const kind = document.createElement('strong');
        kind.textContent = (lang === 'en' ? p.kind : (KIND_ID[p.kind] || p.kind)) + ': ';
        if (p.kind) cell.appendChild(kind);
        cell.appendChild(document.createTextNode(p.reason));
      }
    }

    function chosenColumns() {
      const out = {};
      document.querySelectorAll('#mapRows select').forEach((s) => { if (s.value) out[s.dataset.role] = s.value; });
      return out;
    }

    async function issue() {
      const button = $('issue');
      if (!S.list) { message($('issueMsg'), lang === 'en' ? 'Upload the participant list first.' : 'Unggah daftar peserta dahulu.', false); return; }
      button.disabled = true; $('downloads').textContent = '';
      try {
        await postJSON('/api/issue', {list: S.list, columns: S.columns || {}});
        $('bar').hidden = false; message($('issueMsg'), t('running'), true);
        for (;;) {
          const p = await api('/api/progress');
          $('bar').max = Math.max(1, p.total); $('bar').value = p.done;
          if (p.state === 'running') { message($('issueMsg'), t('running') + ' ' + p.done + ' / ' + p.total, true); await new Promise((r) => setTimeout(r, 300)); continue; }
          if (p.state === 'failed') throw new Error(p.message);
          message($('issueMsg'), t('done') + ': ' + p.issued + ' ' + t('issued'), true);
          showDownloads(p); break;
        }
      } catch (e) { message($('issueMsg'), e.message, false); }
      button.disabled = false;
    }

    function showDownloads(p) {
      const list = $('downloads');
      const files = [['sertifikat.zip', t('zip'), 'dl-zip'], ['cetak.pdf', t('print'), 'dl-print']];
      if (p.bundles) files.push(['bundel.zip', t('bundles'), 'dl-bundles']);
      files.push(['situs.zip', t('site'), 'dl-site'], ['links.csv', t('links'), 'dl-links']);
      if (p.rejected) files.push(['rejected.csv', t('rejected'), 'dl-rejected']);
      const send = $('sendLinks'); send.textContent = '';
      const a = document.createElement('a'); a.href = '/api/batch/' + p.batch + '/links.csv'; a.textContent = t('links'); a.setAttribute('download', '');
      send.appendChild(a);
      for (const [file, label, id] of files) {
        const li = document.createElement('li'); const a = document.createElement('a');
        a.href = '/api/batch/' + p.batch + '/' + file; a.id = id; a.textContent = label; a.setAttribute('download', '');
        li.appendChild(a); list.appendChild(li);
      }
    }

    async function verify(file) {
      const box = $('verdict'); box.className = 'verdict'; box.textContent = '…';
      try {
        const v = await api('/api/verify?' + query({name: file.name}), {method: 'POST', body: file});
        box.className = 'verdict ' + (v.status === 'VALID' ? 'valid' : 'invalid');
        const c = v.certificate;
        box.textContent = (lang === 'en' ? v.status : (VERDICT_ID[v.status] || v.status)) + (v.reason ? ' — ' + v.reason : '') + (c ? ' · ' + c.serial + ' · ' + c.name + ' · ' + c.date : '');
      } catch (e) { box.className = 'verdict invalid'; box.textContent = e.message; }
    }

    async function start() {
      applyLanguage();
      $('keyok').addEventListener('click', () => { $('keywarn').hidden = true; });
      $('lang').addEventListener('click', () => { lang = lang === 'en' ? 'id' : 'en'; localStorage.setItem('ecert-lang', lang); applyLanguage(); });
      $('eventForm').addEventListener('submit', saveEvent);
      document.querySelectorAll('input[data-asset]').forEach((input) => input.addEventListener('change', () => uploadAsset(input)));
      $('listFile').addEventListener('change', (e) => { if (e.target.files[0]) uploadList(e.target.files[0]); });
      $('recheck').addEventListener('click', () => { S.columns = chosenColumns(); check(); });
      $('issue').addEventListener('click', issue);
      $('verifyFile').addEventListener('change', (e) => { if (e.target.files[0]) verify(e.target.files[0]); });
      const drop = $('verifyDrop');
      drop.addEventListener('dragover', (e) => e.preventDefault());
      drop.addEventListener('drop', (e) => { e.preventDefault(); if (e.dataTransfer.files[0]) verify(e.dataTransfer.files[0]); });
      window.addEventListener('hashchange', showStep);
      const state = await api('/api/state');
      $('keywarn').hidden = !state.keyCreated; $('folder').textContent = state.dataFolder;
      if (state.event) fillForm(state.event);
      renderTemplates(state.templates);
      showStep();
      document.body.dataset.ready = '1';
    }
    document.addEventListener('DOMContentLoaded', start);
    """#
}
