// The static verification page written by `ecert site`: one HTML file, one JS file, one CSS file.
// The page reads the payload after `#`, checks its Ed25519 signature with WebCrypto against the
// embedded trusted keys, checks the signed revocation list, and shows the verdict in
// `<main id="result" data-status="valid|invalid|revoked|unknown-key">`. Every value from a payload
// or a data file is inserted with textContent, never as HTML.
enum SiteAssets {
    static func indexHTML(embedding json: String) -> String {
        #"""
        <!doctype html>
        <html lang="id">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'">
        <title>Verifikasi Sertifikat</title>
        <link rel="stylesheet" href="style.css">
        </head>
        <body>
        <header>
        <span id="site-title">Verifikasi Sertifikat</span>
        <button id="lang" type="button" lang="en">English</button>
        </header>
        <main id="result" data-status="pending" aria-live="polite">
        <h1 id="verdict">Memeriksa…</h1>
        <p id="reason"></p>
        <dl id="fields"></dl>
        <noscript><p>Halaman ini memerlukan JavaScript untuk memeriksa tanda tangan. / This page needs JavaScript to check the signature.</p></noscript>
        </main>
        <footer><p id="about"></p></footer>
        <script type="application/json" id="ecert-data">\#(json)</script>
        <script src="verify.js"></script>
        </body>
        </html>

        """#
    }

    static let css = #"""
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; background: #f4f5f7; }
        header { display: flex; justify-content: space-between; align-items: center; padding: 12px 16px; background: #1f3a5f; color: #fff; }
        header button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #fff; background: transparent; color: #fff; }
        main { margin: 16px; padding: 16px; border-radius: 12px; background: #fff; border-top: 8px solid #999; box-shadow: 0 1px 4px rgba(0,0,0,.1); }
        main[data-status="valid"] { border-top-color: #1a7f37; }
        main[data-status="invalid"] { border-top-color: #c62828; }
        main[data-status="revoked"] { border-top-color: #e65100; }
        main[data-status="unknown-key"] { border-top-color: #6a1b9a; }
        h1 { margin: 0 0 8px; font-size: 1.6em; }
        main[data-status="valid"] h1 { color: #1a7f37; }
        main[data-status="invalid"] h1 { color: #c62828; }
        main[data-status="revoked"] h1 { color: #e65100; }
        main[data-status="unknown-key"] h1 { color: #6a1b9a; }
        dl { margin: 0; }
        dt { margin-top: 10px; font-size: .85em; color: #555; }
        dd { margin: 0; font-size: 1.1em; overflow-wrap: anywhere; }
        footer { margin: 0 16px 24px; font-size: .85em; color: #555; overflow-wrap: anywhere; }
        @media (min-width: 720px) { main, footer { max-width: 640px; margin-left: auto; margin-right: auto; } }
        """#

    static let javascript = #"""
        'use strict';
        // ecert verification page. Format: docs/FORMAT.md (Payload, Revocation list, Trust list).
        (function () {
          var TEXT = {
            id: {
              title: 'Verifikasi Sertifikat', toggle: 'English', checking: 'Memeriksa…',
              valid: 'ASLI — sertifikat sah', invalid: 'TIDAK SAH', revoked: 'DICABUT', 'unknown-key': 'KUNCI TIDAK DIKENAL',
              serial: 'Nomor sertifikat', name: 'Nama', event: 'Kegiatan', date: 'Tanggal', place: 'Tempat', issuer: 'Penerbit',
              keyID: 'ID kunci', eventID: 'ID kegiatan', replacedBy: 'Diganti dengan sertifikat', revokedAt: 'Dicabut pada',
              revokeReason: 'Alasan pencabutan', unknownEvent: '(kegiatan tidak tercantum di situs ini)',
              reasons: {
                'no-payload': 'Tidak ada data sertifikat di alamat ini. Pindai kode QR pada sertifikat.',
                'malformed': 'Data kode QR rusak atau tidak lengkap.',
                'unsupported-version': 'Versi format sertifikat tidak dikenal.',
                'bad-signature': 'Tanda tangan digital tidak cocok: data sertifikat telah diubah atau palsu.',
                'unknown-key': 'Ditandatangani dengan kunci yang tidak dipercaya situs ini. Keaslian tidak dapat dipastikan.',
                'revoked': 'Sertifikat ini telah dicabut oleh penerbit.',
                'bad-revocation-list': 'Daftar pencabutan di situs ini rusak; keaslian tidak dapat dipastikan.',
                'no-webcrypto': 'Peramban ini tidak mendukung Ed25519 (WebCrypto). Gunakan peramban terbaru.',
                'valid': 'Tanda tangan digital sah dan sertifikat tidak dicabut.'
              },
              about: 'Pemeriksaan dilakukan di perangkat Anda, tanpa mengirim data ke server.'
            },
            en: {
              title: 'Certificate verification', toggle: 'Bahasa Indonesia', checking: 'Checking…',
              valid: 'GENUINE — valid certificate', invalid: 'INVALID', revoked: 'REVOKED', 'unknown-key': 'UNKNOWN KEY',
              serial: 'Certificate number', name: 'Name', event: 'Event', date: 'Date', place: 'Place', issuer: 'Issuer',
              keyID: 'Key ID', eventID: 'Event ID', replacedBy: 'Replaced by certificate', revokedAt: 'Revoked at',
              revokeReason: 'Reason for revocation', unknownEvent: '(event not listed on this site)',
              reasons: {
                'no-payload': 'This address holds no certificate data. Scan the QR code on the certificate.',
                'malformed': 'The QR code data is damaged or incomplete.',
                'unsupported-version': 'Unknown certificate format version.',
                'bad-signature': 'The digital signature does not match: the certificate data was altered or forged.',
                'unknown-key': 'Signed with a key this site does not trust. Authenticity cannot be confirmed.',
                'revoked': 'The issuer has revoked this certificate.',
                'bad-revocation-list': 'This site\'s revocation list is damaged; authenticity cannot be confirmed.',
                'no-webcrypto': 'This browser does not support Ed25519 (WebCrypto). Use a current browser.',
                'valid': 'The digital signature is valid and the certificate is not revoked.'
              },
              about: 'The check runs on your device; nothing is sent to a server.'
            }
          };
          // Indonesian by default; `?lang=en` (or the button) switches to English.
          var lang = /(?:^|[?&])lang=en(?:&|$)/.test(location.search) ? 'en' : 'id';
          var state = { status: 'pending', reason: null, fields: null, revocation: null };

          function $(id) { return document.getElementById(id); }
          function hex(bytes) { var s = ''; for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16); return s; }
          function utf8(s) { return new TextEncoder().encode(s); }
          function concat(a, b) { var out = new Uint8Array(a.length + b.length); out.set(a, 0); out.set(b, a.length); return out; }
          function b64(s) { var bin = atob(s); var out = new Uint8Array(bin.length); for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i); return out; }

          // RFC 4648 Base32 without padding, any letter case; null when not Base32.
          function base32(text) {
            var alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', out = [], buffer = 0, bits = 0;
            text = text.toUpperCase().replace(/=+$/, '');
            for (var i = 0; i < text.length; i++) {
              var v = alphabet.indexOf(text[i]);
              if (v < 0) return null;
              buffer = ((buffer << 5) | v) & 0xFFFF; bits += 5;
              if (bits >= 8) { out.push((buffer >> (bits - 8)) & 0xFF); bits -= 8; }
            }
            if (bits >= 5 || (buffer & ((1 << bits) - 1)) !== 0) return null;
            return new Uint8Array(out);
          }

          // Payload version 2: version | keyID(4) | eventID(4) | days(2) | serial length (varint) | serial | name | signature(64).
          function parsePayload(bytes) {
            if (bytes.length < 1) return { error: 'malformed' };
            if (bytes[0] !== 2) return { error: 'unsupported-version' };
            var at = 1;
            if (bytes.length < 1 + 4 + 4 + 2 + 2 + 1 + 1 + 64) return { error: 'malformed' };
            var keyID = bytes.slice(at, at + 4); at += 4;
            var eventID = bytes.slice(at, at + 4); at += 4;
            var days = bytes[at] << 8 | bytes[at + 1]; at += 2;
            var participantDigest = bytes.slice(at, at + 2); at += 2;
            var length = 0, shift = 0;
            for (;;) {
              if (at >= bytes.length || shift > 21) return { error: 'malformed' };
              var b = bytes[at++]; length |= (b & 0x7F) << shift;
              if (!(b & 0x80)) break;
              shift += 7;
            }
            if (at + length + 1 + 64 > bytes.length) return { error: 'malformed' };
            var decoder = new TextDecoder('utf-8', { fatal: true }), serial, name;
            try {
              serial = decoder.decode(bytes.slice(at, at + length));
              name = decoder.decode(bytes.slice(at + length, bytes.length - 64));
            } catch (e) { return { error: 'malformed' }; }
            var date = new Date(days * 86400000).toISOString().slice(0, 10);
            return { keyID: hex(keyID), eventID: hex(eventID), date: date, participantDigest: hex(participantDigest), serial: serial, name: name,
                     body: bytes.slice(0, bytes.length - 64), signature: bytes.slice(bytes.length - 64) };
          }

          // The canonical JSON ecert signs: keys sorted, no white space (RFC 8785 for strings and integers).
          function canonical(v) {
            if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
            if (v !== null && typeof v === 'object') {
              return '{' + Object.keys(v).sort().map(function (k) { return JSON.stringify(k) + ':' + canonical(v[k]); }).join(',') + '}';
            }
            return JSON.stringify(v);
          }

          async function ed25519Verify(rawKey, signature, message) {
            var key = await crypto.subtle.importKey('raw', rawKey, { name: 'Ed25519' }, false, ['verify']);
            return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message);
          }

          async function sha256(bytes) { return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)); }

          async function verify() {
            var data = JSON.parse($('ecert-data').textContent);
            var keys = data.keys.keys;
            var raw = location.hash.replace(/^#/, '');
            try { raw = decodeURIComponent(raw); } catch (e) { }
            raw = raw.trim();
            if (raw.lastIndexOf('#') >= 0) raw = raw.slice(raw.lastIndexOf('#') + 1);
            if (!raw) return { status: 'invalid', reason: 'no-payload' };
            var bytes = base32(raw);
            if (!bytes) return { status: 'invalid', reason: 'malformed' };
            var p = parsePayload(bytes);
            if (p.error) return { status: 'invalid', reason: p.error };
            var fields = { serial: p.serial, name: p.name, date: p.date, keyID: p.keyID, eventID: p.eventID, event: null };
            for (var i = 0; i < data.facts.batches.length; i++) {
              var batch = data.facts.batches[i];
              var id = hex((await sha256(utf8(canonical(batch.event)))).slice(0, 4));
              if (id === p.eventID && batch.eventID === id) { fields.event = batch.event; break; }
            }
            if (!crypto.subtle || !crypto.subtle.importKey) return { status: 'invalid', reason: 'no-webcrypto', fields: fields };
            var candidates = keys.filter(function (k) { return k.keyID.toLowerCase().indexOf(p.keyID) === 0; });
            if (candidates.length === 0) return { status: 'unknown-key', reason: 'unknown-key', fields: fields };
            var message = concat(utf8('ecert-payload-v2'), p.body), signed = false;
            try {
              for (var j = 0; j < candidates.length && !signed; j++) signed = await ed25519Verify(b64(candidates[j].publicKey), p.signature, message);
            } catch (e) { return { status: 'invalid', reason: 'no-webcrypto', fields: fields }; }
            if (!signed) return { status: 'invalid', reason: 'bad-signature', fields: fields };
            var list = data.revocations;
            if (list) {
              var signer = keys.filter(function (k) { return k.keyID === list.body.issuer.keyID && k.publicKey === list.body.issuer.publicKey; })[0];
              var listOK = signer && list.format === 'ecert-revocations' && list.version === 1 &&
                await ed25519Verify(b64(signer.publicKey), b64(list.signature), utf8(canonical(list.body)));
              if (!listOK) return { status: 'invalid', reason: 'bad-revocation-list', fields: fields };
              var entry = list.body.entries.filter(function (e) { return e.serial === p.serial; })[0];
              if (entry) return { status: 'revoked', reason: 'revoked', fields: fields, revocation: entry };
            }
            return { status: 'valid', reason: 'valid', fields: fields };
          }

          function row(dl, label, value) {
            if (value === undefined || value === null || value === '') return;
            var dt = document.createElement('dt'), dd = document.createElement('dd');
            dt.textContent = label; dd.textContent = value;
            dl.appendChild(dt); dl.appendChild(dd);
          }

          function render() {
            var t = TEXT[lang], main = $('result');
            document.documentElement.lang = lang;
            document.title = t.title;
            $('site-title').textContent = t.title;
            $('lang').textContent = t.toggle;
            $('lang').lang = lang === 'id' ? 'en' : 'id';
            $('about').textContent = t.about;
            main.setAttribute('data-status', state.status);
            if (state.reason) main.setAttribute('data-reason', state.reason);
            $('verdict').textContent = state.status === 'pending' ? t.checking : t[state.status];
            $('reason').textContent = state.reason ? (t.reasons[state.reason] || state.reason) : '';
            var dl = $('fields');
            while (dl.firstChild) dl.removeChild(dl.firstChild);
            var f = state.fields;
            if (f) {
              row(dl, t.name, f.name);
              row(dl, t.serial, f.serial);
              row(dl, t.event, f.event ? f.event.title : t.unknownEvent);
              row(dl, t.date, f.event ? f.event.date : f.date);
              if (f.event) { row(dl, t.place, f.event.place); row(dl, t.issuer, f.event.issuer); }
            }
            var r = state.revocation;
            if (r) { row(dl, t.revokeReason, r.reason); row(dl, t.replacedBy, r.replacedBy); row(dl, t.revokedAt, r.revokedAt); }
            if (f) { row(dl, t.keyID, f.keyID); row(dl, t.eventID, f.eventID); }
          }

          $('lang').addEventListener('click', function () { lang = lang === 'id' ? 'en' : 'id'; render(); });
          window.addEventListener('hashchange', run);
          async function run() {
            state = { status: 'pending' }; render();
            try { state = await verify(); } catch (e) { state = { status: 'invalid', reason: 'malformed' }; }
            render();
          }
          run();
        })();

        """#
}
