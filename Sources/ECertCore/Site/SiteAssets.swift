// The static verification page written by `ecert site`: index.html, verify.js, style.css and the
// vendored tweetnacl-js (nacl-fast.min.js). The page reads the payload after `#`, checks its Ed25519
// signature against the embedded trusted keys (WebCrypto when the browser has Ed25519, tweetnacl
// otherwise), shows event facts only from a signed batch header it verified, checks the signed
// revocation list, and shows the verdict in
// `<main id="result" data-status="valid|invalid|revoked|unknown-key|cannot-check">`. Every value from
// a payload or a data file is inserted with textContent, never as HTML.
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
        <p id="warning" hidden></p>
        <dl id="fields"></dl>
        <noscript><p>Halaman ini memerlukan JavaScript untuk memeriksa tanda tangan. / This page needs JavaScript to check the signature.</p></noscript>
        </main>
        <footer><p id="about"></p></footer>
        <script type="application/json" id="ecert-data">\#(json)</script>
        <script src="nacl-fast.min.js"></script>
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
        main[data-status="cannot-check"] { border-top-color: #455a64; }
        h1 { margin: 0 0 8px; font-size: 1.6em; }
        main[data-status="valid"] h1 { color: #1a7f37; }
        main[data-status="invalid"] h1 { color: #c62828; }
        main[data-status="revoked"] h1 { color: #e65100; }
        main[data-status="unknown-key"] h1 { color: #6a1b9a; }
        main[data-status="cannot-check"] h1 { color: #455a64; }
        #warning { padding: 8px 12px; border-radius: 6px; background: #fff3e0; color: #8a4b00; }
        dl { margin: 0; }
        dt { margin-top: 10px; font-size: .85em; color: #555; }
        dd { margin: 0; font-size: 1.1em; overflow-wrap: anywhere; }
        footer { margin: 0 16px 24px; font-size: .85em; color: #555; overflow-wrap: anywhere; }
        @media (min-width: 720px) { main, footer { max-width: 640px; margin-left: auto; margin-right: auto; } }
        """#

    static let javascript = #"""
        'use strict';
        // ecert verification page. Formats: docs/FORMAT.md (Payload, Static site, Signed documents).
        (function () {
          var TEXT = {
            id: {
              title: 'Verifikasi Sertifikat', toggle: 'English', checking: 'Memeriksa…',
              valid: 'ASLI — sertifikat sah', invalid: 'TIDAK SAH', revoked: 'DICABUT', 'unknown-key': 'KUNCI TIDAK DIKENAL',
              'cannot-check': 'TIDAK DAPAT DIPERIKSA di peramban ini',
              serial: 'Nomor sertifikat', name: 'Nama', event: 'Kegiatan', date: 'Tanggal', place: 'Tempat', issuer: 'Penerbit',
              hours: 'Jam pelajaran (JP)', role: 'Peran', activity: 'Jenis kegiatan', mode: 'Moda',
              months: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
              roles: ['peserta', 'narasumber', 'moderator', 'panitia', 'fasilitator', 'instruktur', 'pengajar', 'pembawa acara'],
              keyID: 'ID kunci', eventID: 'ID kegiatan', replacedBy: 'Diganti dengan sertifikat', revokedAt: 'Dicabut pada',
              revokeReason: 'Alasan pencabutan', unknownEvent: '(kegiatan tidak tercantum di situs ini)',
              unconfirmedEvent: '(data kegiatan tidak dapat dipastikan)',
              reasons: {
                'no-payload': 'Tidak ada data sertifikat di alamat ini. Pindai kode QR pada sertifikat.',
                'malformed': 'Data kode QR rusak atau tidak lengkap.',
                'unsupported-version': 'Versi format sertifikat tidak dikenal.',
                'bad-signature': 'Tanda tangan digital tidak cocok: data sertifikat telah diubah atau palsu.',
                'unknown-key': 'Ditandatangani dengan kunci yang tidak dipercaya situs ini. Keaslian tidak dapat dipastikan.',
                'revoked': 'Sertifikat ini telah dicabut oleh penerbit.',
                'bad-revocation-list': 'Daftar pencabutan di situs ini rusak; keaslian tidak dapat dipastikan.',
                'cannot-check': 'Peramban ini tidak dapat memeriksa tanda tangan digital. Ini tidak berarti sertifikat palsu. ' +
                  'Buka halaman ini lewat alamat https:// di peramban versi terbaru, atau periksa dengan perintah "ecert verify".',
                'valid': 'Tanda tangan digital sah dan sertifikat tidak dicabut.'
              },
              warnings: {
                'rollback': 'Daftar pencabutan di halaman ini lebih lama dari yang pernah dilihat peramban ini. ' +
                  'Sertifikat yang baru dicabut mungkin belum tampil; periksa di situs resmi penerbit atau dengan "ecert verify".'
              },
              about: 'Pemeriksaan dilakukan di perangkat Anda, tanpa mengirim data ke server.'
            },
            en: {
              title: 'Certificate verification', toggle: 'Bahasa Indonesia', checking: 'Checking…',
              valid: 'GENUINE — valid certificate', invalid: 'INVALID', revoked: 'REVOKED', 'unknown-key': 'UNKNOWN KEY',
              'cannot-check': 'Cannot check in this browser',
              serial: 'Certificate number', name: 'Name', event: 'Event', date: 'Date', place: 'Place', issuer: 'Issuer',
              hours: 'Lesson hours (JP)', role: 'Role', activity: 'Kind of activity', mode: 'Mode',
              months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
              roles: ['participant', 'speaker', 'moderator', 'committee', 'facilitator', 'instructor', 'teacher', 'master of ceremonies'],
              keyID: 'Key ID', eventID: 'Event ID', replacedBy: 'Replaced by certificate', revokedAt: 'Revoked at',
              revokeReason: 'Reason for revocation', unknownEvent: '(event not listed on this site)',
              unconfirmedEvent: '(event facts could not be confirmed)',
              reasons: {
                'no-payload': 'This address holds no certificate data. Scan the QR code on the certificate.',
                'malformed': 'The QR code data is damaged or incomplete.',
                'unsupported-version': 'Unknown certificate format version.',
                'bad-signature': 'The digital signature does not match: the certificate data was altered or forged.',
                'unknown-key': 'Signed with a key this site does not trust. Authenticity cannot be confirmed.',
                'revoked': 'The issuer has revoked this certificate.',
                'bad-revocation-list': 'This site\'s revocation list is damaged; authenticity cannot be confirmed.',
                'cannot-check': 'This browser cannot check digital signatures. This does not mean the certificate is forged. ' +
                  'Open this page over https:// in a current browser, or check it with "ecert verify".',
                'valid': 'The digital signature is valid and the certificate is not revoked.'
              },
              warnings: {
                'rollback': 'The revocation list on this page is older than one this browser has seen before. ' +
                  'Recently revoked certificates may be missing; check on the issuer\'s official site or with "ecert verify".'
              },
              about: 'The check runs on your device; nothing is sent to a server.'
            }
          };
          // Indonesian by default; `?lang=en` (or the button) switches to English.
          var lang = /(?:^|[?&])lang=en(?:&|$)/.test(location.search) ? 'en' : 'id';
          var state = { status: 'pending' };
          // Which implementations did the work (data-ed25519, data-sha256): for support and the tests.
          var used = { ed25519: null, sha256: null };

          // Thrown when this browser cannot run a check (no Ed25519, no typed arrays). The verdict is then
          // "cannot check", never INVALID: nothing has been learnt about the certificate.
          function CannotCheck(what) { this.what = what; }

          function $(id) { return document.getElementById(id); }
          function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
          function hex(bytes) { var s = ''; for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16); return s; }
          function utf8(s) {
            if (typeof TextEncoder !== 'undefined') return new TextEncoder().encode(s);
            var bin = unescape(encodeURIComponent(s)), out = new Uint8Array(bin.length);
            for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
            return out;
          }
          function concat() {
            var length = 0, i;
            for (i = 0; i < arguments.length; i++) length += arguments[i].length;
            var out = new Uint8Array(length), at = 0;
            for (i = 0; i < arguments.length; i++) { out.set(arguments[i], at); at += arguments[i].length; }
            return out;
          }
          // Standard Base64 → bytes; null when the text is not Base64 (a damaged file, not a browser problem).
          function b64(s) {
            if (typeof s !== 'string') return null;
            var bin;
            try { bin = atob(s); } catch (e) { return null; }
            var out = new Uint8Array(bin.length);
            for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
            return out;
          }

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

          // The decimal QR form of payload version 3: every 7 bytes as 17 digits, the last k bytes as
          // DIGITS[k] digits; null unless exactly that form. Base-256 arithmetic on small numbers, so no BigInt.
          function decimal(text) {
            var DIGITS = [0, 3, 5, 8, 10, 13, 15, 17], out = [], tail = DIGITS.indexOf(text.length % 17);
            if (!/^[0-9]+$/.test(text) || tail < 0) return null;
            for (var at = 0; at < text.length;) {
              var k = text.length - at >= 17 ? 7 : tail, chunk = [];
              for (var b = 0; b < k; b++) chunk.push(0);
              for (var d = at; d < at + DIGITS[k]; d++) {
                var carry = text.charCodeAt(d) - 48;
                for (var i = k - 1; i >= 0; i--) { var x = chunk[i] * 10 + carry; chunk[i] = x & 255; carry = x >> 8; }
                if (carry !== 0) return null;
              }
              out = out.concat(chunk);
              at += DIGITS[k];
            }
            return new Uint8Array(out);
          }

          // Payload version 2: version | keyID(4) | eventID(4) | days(2) | participant digest(2) | serial length (varint) | serial | name | signature(64).
          // Version 3 puts after days: days to the last day(1) | hours (varint) | activity << 4 | role (1).
          var ACTIVITIES = ['', 'seminar', 'lokakarya', 'pelatihan', 'bimtek', 'webinar', 'workshop', 'diklat'];
          function parsePayload(bytes) {
            if (bytes.length < 1) return { error: 'malformed' };
            if (bytes[0] !== 2 && bytes[0] !== 3) return { error: 'unsupported-version' };
            var at = 1;
            if (bytes.length < 1 + 4 + 4 + 2 + 2 + 1 + 1 + 64) return { error: 'malformed' };
            var keyID = bytes.slice(at, at + 4); at += 4;
            var eventID = bytes.slice(at, at + 4); at += 4;
            var days = bytes[at] << 8 | bytes[at + 1]; at += 2;
            // Minimal LEB128, as ecert writes it; anything else is malformed.
            function varint() {
              var value = 0, shift = 0;
              for (;;) {
                if (at >= bytes.length || shift > 21) return -1;
                var b = bytes[at++]; value |= (b & 0x7F) << shift;
                if (!(b & 0x80)) return (b === 0 && shift > 0) ? -1 : value;
                shift += 7;
              }
            }
            var credit = null;
            if (bytes[0] === 3) {
              var span = bytes[at++], hours = varint();
              if (hours < 0 || hours > 9999 || at >= bytes.length) return { error: 'malformed' };
              var kinds = bytes[at++];
              if ((kinds & 15) > 7 || (kinds >> 4) > 7) return { error: 'malformed' };
              credit = { lastDate: new Date((days + span) * 86400000).toISOString().slice(0, 10), hours: hours, role: kinds & 15, activity: ACTIVITIES[kinds >> 4] };
            }
            var participantDigest = bytes.slice(at, at + 2); at += 2;
            var length = varint();
            if (length < 0) return { error: 'malformed' };
            if (at + length + 1 + 64 > bytes.length) return { error: 'malformed' };
            var decoder = new TextDecoder('utf-8', { fatal: true }), serial, name;
            try {
              serial = decoder.decode(bytes.slice(at, at + length));
              name = decoder.decode(bytes.slice(at + length, bytes.length - 64));
            } catch (e) { return { error: 'malformed' }; }
            var date = new Date(days * 86400000).toISOString().slice(0, 10);
            return { version: bytes[0], keyID: hex(keyID), eventID: hex(eventID), date: date, participantDigest: hex(participantDigest), serial: serial, name: name,
                     credit: credit, body: bytes.slice(0, bytes.length - 64), signature: bytes.slice(bytes.length - 64) };
          }

          // RFC 8785 (JCS) for the JSON ecert signs: keys sorted by UTF-16 code units (what sort() does on
          // strings), no white space; JSON.stringify gives the ECMAScript string escaping and number form.
          function canonical(v) {
            if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
            if (v !== null && typeof v === 'object') {
              return '{' + Object.keys(v).sort().map(function (k) { return JSON.stringify(k) + ':' + canonical(v[k]); }).join(',') + '}';
            }
            return JSON.stringify(v);
          }

          // SHA-256 per FIPS 180-4 (sections 4.1.2, 4.2.2, 5.1.1, 6.2), for pages without crypto.subtle
          // (http://, old browsers). Words are 32-bit: `| 0` keeps sums in range, `>>>` shifts unsigned.
          var K256 = [
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
          ];
          function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
          function sha256JS(bytes) {
            var H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
            // 5.1.1: append 0x80, zeros, and the message length in bits as a 64-bit big-endian number.
            var n = bytes.length, total = Math.ceil((n + 9) / 64) * 64, m = new Uint8Array(total), i, t;
            m.set(bytes); m[n] = 0x80;
            var high = Math.floor(n / 0x20000000), low = (n * 8) >>> 0;
            for (i = 0; i < 4; i++) { m[total - 8 + i] = (high >>> (24 - 8 * i)) & 0xFF; m[total - 4 + i] = (low >>> (24 - 8 * i)) & 0xFF; }
            var W = new Array(64);
            for (var off = 0; off < total; off += 64) {
              // 6.2.2 step 1: the message schedule.
              for (t = 0; t < 16; t++) W[t] = (m[off + 4 * t] << 24) | (m[off + 4 * t + 1] << 16) | (m[off + 4 * t + 2] << 8) | m[off + 4 * t + 3];
              for (t = 16; t < 64; t++) {
                var s0 = rotr(W[t - 15], 7) ^ rotr(W[t - 15], 18) ^ (W[t - 15] >>> 3);
                var s1 = rotr(W[t - 2], 17) ^ rotr(W[t - 2], 19) ^ (W[t - 2] >>> 10);
                W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
              }
              // Steps 2–4: 64 rounds on the working variables, then add them into the hash value.
              var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
              for (t = 0; t < 64; t++) {
                var T1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[t] + W[t]) | 0;
                var T2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
                h = g; g = f; f = e; e = (d + T1) | 0; d = c; c = b; b = a; a = (T1 + T2) | 0;
              }
              H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
              H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
            }
            var out = new Uint8Array(32);
            for (i = 0; i < 32; i++) out[i] = (H[i >> 2] >>> (24 - 8 * (i & 3))) & 0xFF;
            return out;
          }
          // Exposed (a pure function, no state) so the browser tests can check it against known digests.
          window.ecertSHA256JS = sha256JS;

          function subtle() { return (typeof crypto !== 'undefined' && crypto && crypto.subtle) || null; }

          async function sha256(bytes) {
            var s = subtle();
            if (s && s.digest) {
              try { var d = new Uint8Array(await s.digest('SHA-256', bytes)); used.sha256 = used.sha256 || 'webcrypto'; return d; } catch (e) { }
            }
            used.sha256 = 'js';
            return sha256JS(bytes);
          }

          // WebCrypto Ed25519 where the browser has it (Chrome 137+, Firefox 129+, Safari 17+, and only
          // on https:// or file://); otherwise tweetnacl-js (nacl-fast.min.js, loaded before this file).
          async function ed25519Verify(rawKey, signature, message) {
            if (rawKey.length !== 32 || signature.length !== 64) return false;
            var s = subtle();
            if (s && s.importKey && s.verify) {
              var key = null;
              try { key = await s.importKey('raw', rawKey, { name: 'Ed25519' }, false, ['verify']); } catch (e) { key = null; }
              if (key) {
                try { var ok = await s.verify({ name: 'Ed25519' }, key, signature, message); used.ed25519 = 'webcrypto'; return ok === true; } catch (e) { }
              }
            }
            var nacl = window.nacl;
            if (nacl && nacl.sign && nacl.sign.detached && typeof nacl.sign.detached.verify === 'function') {
              used.ed25519 = 'tweetnacl';
              return nacl.sign.detached.verify(message, signature, rawKey) === true;
            }
            throw new CannotCheck('no-ed25519');
          }

          function sameKey(a, b) { return a.keyID === b.keyID && hex(a.raw) === hex(b.raw); }

          // The trusted key with this full key ID and these raw bytes, or null.
          function trustedKey(keys, keyID, publicKey) {
            var raw = b64(publicKey);
            if (typeof keyID !== 'string' || !raw) return null;
            for (var i = 0; i < keys.length; i++) {
              if (keys[i].keyID === keyID && hex(keys[i].raw) === hex(raw)) return keys[i];
            }
            return null;
          }

          // A signed document (spec: one envelope for every signed file): returns the trusted key that
          // signed it, or null when it is damaged or not signed by a trusted key. The signed message is
          // ASCII(format "-v" version) ‖ 0x00 ‖ SHA-256(JCS(signed)).
          async function signedDocumentSigner(doc, keys, accepted) {
            if (!isObject(doc) || Object.keys(doc).sort().join(',') !== 'signature,signed') return null;
            var s = doc.signed, sig = doc.signature;
            if (!isObject(s) || !isObject(sig) || sig.scheme !== 'ed25519-jcs-sha256' || !isObject(s.signer) || !isObject(s.body)) return null;
            var known = accepted.some(function (fv) { return s.format === fv[0] && s.version === fv[1]; });
            if (!known) return null;
            var key = trustedKey(keys, s.signer.keyID, s.signer.publicKey), signature = b64(sig.value);
            if (!key || !signature) return null;
            var message = concat(utf8(s.format + '-v' + s.version), new Uint8Array([0]), await sha256(utf8(canonical(s))));
            return (await ed25519Verify(key.raw, signature, message)) ? key : null;
          }

          // The event ID a header claims, before any check: only to pick the headers worth verifying.
          function claimedEventID(doc) {
            if (isObject(doc) && isObject(doc.signed) && isObject(doc.signed.body)) return doc.signed.body.eventID;
            if (isObject(doc) && isObject(doc.header)) return doc.header.eventID;
            return null;
          }

          // A batch header, version 2 (signed document) or version 1 ({header, signature} over
          // "ecert-batch-header-v1" ‖ canonical(header)): { key, eventID, event } once verified, else null.
          async function verifiedHeader(doc, keys) {
            try {
              if (isObject(doc) && 'signed' in doc) {
                var key = await signedDocumentSigner(doc, keys, [['ecert-batch-header', 2], ['ecert-shard-header', 1]]);
                return key ? { key: key, eventID: doc.signed.body.eventID, event: doc.signed.body.event } : null;
              }
              if (!isObject(doc) || !isObject(doc.header) || typeof doc.signature !== 'string') return null;
              var h = doc.header;
              if (h.format !== 'ecert-batch-header' || h.version !== 1 || !isObject(h.issuer)) return null;
              var k1 = trustedKey(keys, h.issuer.keyID, h.issuer.publicKey), signature = b64(doc.signature);
              if (!k1 || !signature) return null;
              var ok = await ed25519Verify(k1.raw, signature, concat(utf8('ecert-batch-header-v1'), utf8(canonical(h))));
              return ok ? { key: k1, eventID: h.eventID, event: h.event } : null;
            } catch (e) {
              if (e instanceof CannotCheck) throw e;
              return null;  // a header of an unexpected shape is damaged, not a browser problem
            }
          }

          // Event facts only from a header that verified, names this payload's event ID, and is signed by
          // the very key that signed the payload: { facts: 'confirmed', event } or why not.
          async function eventFacts(headers, keys, p, payloadKey) {
            var claimed = false;
            for (var i = 0; i < headers.length; i++) {
              if (claimedEventID(headers[i]) !== p.eventID) continue;
              claimed = true;
              var h = await verifiedHeader(headers[i], keys);
              if (h && h.eventID === p.eventID && sameKey(h.key, payloadKey) && isObject(h.event)) {
                var e = h.event;
                return { facts: 'confirmed', event: { title: String(e.title), date: String(e.date), place: String(e.place), issuer: String(e.issuer),
                                                      activity: e.activity === undefined ? null : String(e.activity), mode: e.mode === undefined ? null : String(e.mode) } };
              }
            }
            return { facts: claimed ? 'unconfirmed' : 'unlisted', event: null };
          }

          // The revocation list: { key, sequence, match(entry) } once verified, null when damaged.
          // Version 2 entries apply only with the payload's serial, event ID and full key ID; version 1
          // entries (signature over canonical(body), no tag) by serial, for a list signed by the payload's key.
          async function verifiedRevocations(list, keys) {
            try {
              if (isObject(list) && 'signed' in list) {
                var key = await signedDocumentSigner(list, keys, [['ecert-revocations', 2]]);
                var body = key && list.signed.body;
                if (!key || !Array.isArray(body.entries) || typeof body.sequence !== 'number') return null;
                return { key: key, sequence: body.sequence, find: function (p, payloadKey) {
                  return body.entries.filter(function (e) { return isObject(e) && e.serial === p.serial && e.eventID === p.eventID && e.keyID === payloadKey.keyID; })[0];
                } };
              }
              if (!isObject(list) || list.format !== 'ecert-revocations' || list.version !== 1 || !isObject(list.body) ||
                  !isObject(list.body.issuer) || !Array.isArray(list.body.entries)) return null;
              var b1 = list.body, k1 = trustedKey(keys, b1.issuer.keyID, b1.issuer.publicKey), signature = b64(list.signature);
              if (!k1 || !signature || !(await ed25519Verify(k1.raw, signature, utf8(canonical(b1))))) return null;
              return { key: k1, sequence: b1.sequence, find: function (p, payloadKey) {
                if (!sameKey(payloadKey, k1)) return undefined;
                return b1.entries.filter(function (e) { return isObject(e) && e.serial === p.serial; })[0];
              } };
            } catch (e) {
              if (e instanceof CannotCheck) throw e;
              return null;
            }
          }

          // Remembers the highest list sequence seen per signer key; true when this list is older (a
          // stale or rolled-back copy). Storage may be missing or throw (file://, privacy modes): then no memory.
          function isRollback(keyID, sequence) {
            try {
              var store = window.localStorage, name = 'ecert.revocations.sequence.' + keyID;
              if (!store || typeof sequence !== 'number') return false;
              var seen = Number(store.getItem(name));
              if (store.getItem(name) !== null && seen > sequence) return true;
              store.setItem(name, String(sequence));
            } catch (e) { }
            return false;
          }

          function trustList(data) {
            var list = isObject(data) && isObject(data.keys) && Array.isArray(data.keys.keys) ? data.keys.keys : [];
            return list.filter(function (k) { return isObject(k) && typeof k.keyID === 'string' && b64(k.publicKey); })
              .map(function (k) { return { keyID: k.keyID.toLowerCase(), raw: b64(k.publicKey) }; });
          }

          function payloadText() {
            var raw = location.hash.replace(/^#/, '');
            try { raw = decodeURIComponent(raw); } catch (e) { }
            raw = raw.trim();
            if (raw.lastIndexOf('#') >= 0) raw = raw.slice(raw.lastIndexOf('#') + 1);
            return raw;
          }

          async function verify() {
            if (typeof Uint8Array === 'undefined' || typeof TextDecoder === 'undefined') throw new CannotCheck('no-typed-arrays');
            var data = JSON.parse($('ecert-data').textContent);
            var keys = trustList(data), headers = Array.isArray(data.headers) ? data.headers : [];
            var raw = payloadText();
            if (!raw) return { status: 'invalid', reason: 'no-payload' };
            var bytes = /^[0-9]+$/.test(raw) ? decimal(raw) : base32(raw);
            if (!bytes) return { status: 'invalid', reason: 'malformed' };
            var p = parsePayload(bytes);
            if (p.error) return { status: 'invalid', reason: p.error };
            var fields = { serial: p.serial, name: p.name, date: p.date, keyID: p.keyID, eventID: p.eventID, event: null, facts: 'unlisted', credit: p.credit };
            var candidates = keys.filter(function (k) { return k.keyID.indexOf(p.keyID) === 0; });
            if (candidates.length === 0) return { status: 'unknown-key', reason: 'unknown-key', fields: fields };
            var message = concat(utf8('ecert-payload-v' + p.version), p.body), signer = null;
            for (var j = 0; j < candidates.length && !signer; j++) {
              if (await ed25519Verify(candidates[j].raw, p.signature, message)) signer = candidates[j];
            }
            if (!signer) return { status: 'invalid', reason: 'bad-signature', fields: fields };
            var facts = await eventFacts(headers, keys, p, signer);
            fields.event = facts.event; fields.facts = facts.facts;
            if (data.revocations === null || data.revocations === undefined) return { status: 'valid', reason: 'valid', fields: fields };
            var list = await verifiedRevocations(data.revocations, keys);
            if (!list) return { status: 'invalid', reason: 'bad-revocation-list', fields: fields };
            var warning = isRollback(list.key.keyID, list.sequence) ? 'rollback' : null;
            var entry = list.find(p, signer);
            if (entry) return { status: 'revoked', reason: 'revoked', fields: fields, revocation: entry, warning: warning };
            return { status: 'valid', reason: 'valid', fields: fields, warning: warning };
          }

          function row(dl, label, value) {
            if (value === undefined || value === null || value === '') return;
            var dt = document.createElement('dt'), dd = document.createElement('dd');
            dt.textContent = label; dd.textContent = String(value);
            dl.appendChild(dt); dl.appendChild(dd);
          }

          // "16–18 Juli 2025", "30 Juni – 2 Juli 2025", "30 Desember 2025 – 2 Januari 2026": as ecert prints them.
          function dateRange(t, start, end) {
            function part(iso) { var d = iso.split('-'); return { y: d[0], m: t.months[+d[1] - 1], d: String(+d[2]) }; }
            var a = part(start), b = part(end);
            if (start === end) return a.d + ' ' + a.m + ' ' + a.y;
            if (a.y === b.y && a.m === b.m) return a.d + '\u2013' + b.d + ' ' + b.m + ' ' + b.y;
            if (a.y === b.y) return a.d + ' ' + a.m + ' \u2013 ' + b.d + ' ' + b.m + ' ' + b.y;
            return a.d + ' ' + a.m + ' ' + a.y + ' \u2013 ' + b.d + ' ' + b.m + ' ' + b.y;
          }

          function setAttribute(element, name, value) {
            if (value) element.setAttribute(name, value); else element.removeAttribute(name);
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
            setAttribute(main, 'data-reason', state.reason);
            setAttribute(main, 'data-warning', state.warning);
            setAttribute(main, 'data-facts', state.fields && state.fields.facts);
            setAttribute(main, 'data-ed25519', used.ed25519);
            setAttribute(main, 'data-sha256', used.sha256);
            $('verdict').textContent = state.status === 'pending' ? t.checking : t[state.status];
            $('reason').textContent = state.reason ? (t.reasons[state.reason] || state.reason) : '';
            $('warning').textContent = state.warning ? t.warnings[state.warning] : '';
            $('warning').hidden = !state.warning;
            var dl = $('fields');
            while (dl.firstChild) dl.removeChild(dl.firstChild);
            var f = state.fields;
            if (f) {
              row(dl, t.name, f.name);
              row(dl, t.serial, f.serial);
              row(dl, t.event, f.event ? f.event.title : (f.facts === 'unconfirmed' ? t.unconfirmedEvent : t.unknownEvent));
              row(dl, t.date, f.credit ? dateRange(t, f.date, f.credit.lastDate) : (f.event ? f.event.date : f.date));
              if (f.credit) {
                row(dl, t.hours, String(f.credit.hours));
                row(dl, t.role, t.roles[f.credit.role]);
                row(dl, t.activity, (f.event && f.event.activity) || f.credit.activity);
              }
              if (f.event) { row(dl, t.place, f.event.place); row(dl, t.issuer, f.event.issuer); row(dl, t.mode, f.event.mode); }
            }
            var r = state.revocation;
            if (r) { row(dl, t.revokeReason, r.reason); row(dl, t.replacedBy, r.replacedBy); row(dl, t.revokedAt, r.revokedAt); }
            if (f) { row(dl, t.keyID, f.keyID); row(dl, t.eventID, f.eventID); }
          }

          $('lang').addEventListener('click', function () { lang = lang === 'id' ? 'en' : 'id'; render(); });
          window.addEventListener('hashchange', run);
          async function run() {
            state = { status: 'pending' }; render();
            // Any failure of the checking machinery says nothing about the certificate: "cannot check".
            try { state = await verify(); } catch (e) { state = { status: 'cannot-check', reason: 'cannot-check' }; }
            render();
          }
          run();
        })();

        """#
}
