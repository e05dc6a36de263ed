/// SITE/lookup.html and SITE/lookup.js of `ecert publish --lookup` (format in LookupIndex and
/// docs/DELIVERY.md). Indonesian by default, English with `lookup.html?lang=en`. The page only
/// fetches files of its own site, writes text with textContent, and links only names of the form
/// c/<32 hex>.pdf, whatever a (possibly altered) index holds.
enum LookupAssets {
    static let html = """
        <!DOCTYPE html>
        <html lang="id">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
        <meta name="referrer" content="no-referrer">
        <title>Cari sertifikat</title>
        </head>
        <body style="font-family: sans-serif; max-width: 34rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">
        <h1 id="title">Cari sertifikat Anda</h1>
        <p id="intro">Masukkan alamat e-mail dan NUPTK atau NIP yang Anda daftarkan. Keduanya tidak dikirim ke mana pun: halaman ini menghitung kuncinya di perangkat Anda.</p>
        <form id="form">
        <p><label for="email" id="email-label">E-mail</label><br><input id="email" type="email" autocomplete="email" required style="width: 100%"></p>
        <p><label for="id" id="id-label">NUPTK / NIP</label><br><input id="id" inputmode="numeric" required style="width: 100%"></p>
        <p><button id="submit" type="submit">Cari</button></p>
        </form>
        <main id="result" data-status="idle" aria-live="polite"></main>
        <script src="lookup.js"></script>
        </body>
        </html>

        """

    static let javascript = #"""
        "use strict";
        (function () {
          var TEXT = {
            id: { searching: "Mencari… (beberapa detik)", found: "Sertifikat ditemukan: ", download: "Unduh sertifikat",
                  notFound: "Tidak ada sertifikat untuk e-mail dan NUPTK/NIP ini. Periksa kembali ketikan Anda.",
                  noCrypto: "Peramban ini tidak dapat menghitung kunci (WebCrypto); buka halaman ini lewat https:// dengan peramban terbaru.",
                  failed: "Pencarian gagal: " },
            en: { searching: "Searching… (a few seconds)", found: "Certificate found: ", download: "Download the certificate",
                  notFound: "No certificate for this e-mail and NUPTK/NIP. Check what you typed.",
                  noCrypto: "This browser cannot compute the key (WebCrypto); open this page over https:// in a current browser.",
                  failed: "The search failed: " }
          };
          var lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "id";
          var t = TEXT[lang];
          if (lang === "en") {
            document.documentElement.lang = "en";
            document.getElementById("title").textContent = "Find your certificate";
            document.getElementById("intro").textContent = "Type the e-mail address and NUPTK or NIP you registered with. Neither is sent anywhere: this page computes the key on your device.";
            document.getElementById("submit").textContent = "Search";
          }
          var enc = new TextEncoder();
          var result = document.getElementById("result");

          function show(status, text) {
            result.setAttribute("data-status", status);
            result.textContent = text;
          }
          function bytes(b64) {
            var bin = atob(b64), out = new Uint8Array(bin.length);
            for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
            return out;
          }
          function hex(buf) {
            return Array.prototype.map.call(new Uint8Array(buf), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
          }
          function join(label, data) {
            var head = enc.encode(label), out = new Uint8Array(head.length + data.length);
            out.set(head); out.set(data, head.length);
            return out;
          }
          // The same normalisation as LookupIndex.swift.
          function normEmail(s) { return s.trim().toLowerCase(); }
          function normID(s) { return s.replace(/[^0-9A-Za-z]/g, "").toUpperCase(); }

          async function getJSON(path) {
            var response = await fetch(path, { cache: "no-cache" });
            if (!response.ok) throw new Error(path + ": HTTP " + response.status);
            return response.json();
          }

          async function search(index, secret) {
            var subtle = crypto.subtle;
            var base = await subtle.importKey("raw", enc.encode(secret), "PBKDF2", false, ["deriveBits"]);
            var bits = new Uint8Array(await subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: bytes(index.salt), iterations: index.iterations }, base, 256));
            var key = hex(await subtle.digest("SHA-256", join("ecert-lookup-index\n", bits))).slice(0, 32);
            if (!Object.prototype.hasOwnProperty.call(index.entries, key)) return null;
            var aes = await subtle.importKey("raw", await subtle.digest("SHA-256", join("ecert-lookup-key\n", bits)), "AES-GCM", false, ["decrypt"]);
            var plain = await subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, aes, bytes(index.entries[key]));
            var found = JSON.parse(new TextDecoder().decode(plain));
            return /^c\/[0-9a-f]{32}\.pdf$/.test(found.file) && typeof found.serial === "string" ? found : null;
          }

          async function lookup(email, id) {
            if (!window.crypto || !crypto.subtle) { show("error", t.noCrypto); return; }
            show("searching", t.searching);
            try {
              var list = await getJSON("lookup/events.json");
              var secret = normEmail(email) + "\n" + normID(id);
              for (var i = 0; i < list.files.length; i++) {
                if (!/^[0-9a-f]+\.json$/.test(list.files[i])) continue;
                var index = await getJSON("lookup/" + list.files[i]);
                if (index.format !== "ecert-lookup-index" || index.version !== 1) continue;
                var found = await search(index, secret);
                if (found) {
                  show("found", t.found + found.serial + " ");
                  var a = document.createElement("a");
                  a.id = "download"; a.href = found.file; a.textContent = t.download;
                  result.appendChild(a);
                  return;
                }
              }
              show("notfound", t.notFound);
            } catch (e) {
              show("error", t.failed + e.message);
            }
          }

          document.getElementById("form").addEventListener("submit", function (event) {
            event.preventDefault();
            lookup(document.getElementById("email").value, document.getElementById("id").value);
          });
          // lookup.html#email=…&id=… fills the form and searches (the fragment never leaves the browser).
          var prefill = new URLSearchParams(location.hash.slice(1));
          if (prefill.get("email") && prefill.get("id")) {
            document.getElementById("email").value = prefill.get("email");
            document.getElementById("id").value = prefill.get("id");
            lookup(prefill.get("email"), prefill.get("id"));
          }
        })();

        """#
}
