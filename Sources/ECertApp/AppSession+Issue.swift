import ECertCore
import ECertRender
import Foundation

/// The live state of the Terbitkan step.
package struct IssueProgress: Codable, Sendable {
    package var state = "idle"  // idle, running, done, failed
    package var done = 0
    package var total = 0
    package var batch: String?
    package var issued = 0
    package var rejected = 0
    package var message: String?
    package var bundles = false
}

extension AppSession {
    /// `ecert issue LIST --event event.yaml --key issuer.key --skip-invalid --column … --combined`
    /// in the background: the rows with problems are left out (the page listed them), the batch
    /// goes to batches/N, then its print PDF and ZIP beside it. Returns at once.
    package func startIssue(list: String, columns: [String: String]) throws {
        let url = try workspace.upload(named: list)
        let event = try event()
        let started = progress.withLock { p -> Bool in
            guard p.state != "running" else { return false }
            p = IssueProgress(state: "running")
            return true
        }
        guard started else { throw AppError.busy("a batch is being issued; wait until it is finished") }
        Thread.detachNewThread { [self] in
            do {
                try issue(url: url, event: event, columns: columns)
            } catch {
                progress.withLock { $0.state = "failed"; $0.message = AppResponse.message(error) }
            }
        }
    }

    private func issue(url: URL, event: Event, columns: [String: String]) throws {
        let plan = try BatchPlan.make(participantsURL: url, event: event, resources: resources, columnOverrides: columns)
        guard plan.validCount > 0 else { throw ECertError.noValidRows(path: url.lastPathComponent, problemCount: plan.problems.count) }
        let key = try workspace.privateKey()
        let out = try workspace.newBatchFolder()
        let issuer = BatchIssuer(plan: plan, key: key, outputDirectory: out)
        let drawing = try event.drawing(assets: workspace.root)
        let makeRenderer = BatchRun.rendererFactory(plan: plan, fontsDirectory: resources.fontsDirectory, drawing: drawing)
        let renderer = try makeRenderer()
        progress.withLock { $0.total = issuer.range.count; $0.batch = out.lastPathComponent }
        let summary = try issuer.run(jobs: jobs, makeRenderer: makeRenderer) { [self] done, _ in
            progress.withLock { $0.done = max($0.done, done) }
        }
        guard summary.manifestWritten else {
            let first = summary.failures.first.map { "line \($0.line), \($0.serial): \($0.message)" } ?? ""
            throw AppError.unprocessable("\(summary.failures.count) certificate(s) failed; no manifest was written. \(first)")
        }
        try BatchRun.writeCombined(to: printURL(out), issuer: issuer, key: key, renderer: renderer)
        try writeZIP(of: out, date: event.date)
        let district = columns["district"].flatMap { plan.header.contains($0) ? $0 : nil }
        try writeDeliverables(of: out, key: key, district: district)
        progress.withLock {
            $0.state = "done"; $0.issued = summary.issued; $0.rejected = summary.rejected; $0.bundles = district != nil
        }
    }

    /// `ecert bundle --by DISTRICT`, `ecert site` and `ecert publish` for the new batch, each as one
    /// ZIP beside it; links.csv lands in the batch folder, as with `ecert publish`.
    private func writeDeliverables(of out: URL, key: IssuerPrivateKey, district: String?) throws {
        let batch = try Manifest.verified(at: out.appendingPathComponent(Manifest.fileName), trusting: [key.publicKey])
        let date = batch.body.event.date
        if let district {
            let dir = sibling(out, "bundel")
            let groups = try BundleWriter.writeAll(batchDirectory: out, keys: [key.publicKey], column: district, to: dir)
            try BundleArchive.writeZIP(try groups.map { ($0.fileName, Data(try BoundedFile.read(dir.appendingPathComponent($0.fileName), limit: 4 << 30))) },
                                       date: date, to: sibling(out, "bundel.zip"))
        }
        let site = sibling(out, "situs")
        _ = try SiteBuilder.build(directories: [out], extraKeys: [], revocationsURL: nil, output: site)
        let (secret, _) = try LinkSecret.load(besideKey: workspace.keyURL, create: true)
        let links = DownloadLinks(secret: secret, baseURL: DownloadLinks.defaultBase(verifyURL: batch.body.event.verifyURL), eventID: batch.body.eventID)
        _ = try Publisher.publish(batch: batch, directory: out, site: site, links: links)
        try BundleArchive.writeZIP(try Self.entries(ofFolder: site), date: date, to: sibling(out, "situs.zip"))
    }

    /// Every regular file under `folder`, by relative path in sorted order.
    static func entries(ofFolder folder: URL) throws -> [(String, Data)] {
        let base = folder.standardizedFileURL.path + "/"
        var paths: [String] = []
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            paths.append(String(url.standardizedFileURL.path.dropFirst(base.count)))
        }
        return try paths.sorted().map { ($0, Data(try BoundedFile.read(folder.appendingPathComponent($0), limit: 4 << 30))) }
    }

    package func sibling(_ batch: URL, _ suffix: String) -> URL {
        batch.deletingLastPathComponent().appendingPathComponent(batch.lastPathComponent + "-" + suffix)
    }

    package func printURL(_ batch: URL) -> URL { sibling(batch, "cetak.pdf") }
    package func zipURL(_ batch: URL) -> URL { sibling(batch, "sertifikat.zip") }

    /// The batch folder as one ZIP (manifest.json first, then every file by name), deterministic
    /// like a district bundle; unzipped, `ecert verify FOLDER --pub issuer.pub` checks it.
    func writeZIP(of batch: URL, date: EventDate) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: batch.path).filter { !$0.hasPrefix(".") }.sorted()
        let ordered = names.filter { $0 == Manifest.fileName } + names.filter { $0 != Manifest.fileName }
        let entries = try ordered.map { ($0, Data(try BoundedFile.read(batch.appendingPathComponent($0), limit: 64 << 20))) }
        try BundleArchive.writeZIP(entries, date: date, to: zipURL(batch))
    }

    // MARK: Periksa

    /// `ecert verify FILE --pub issuer.pub` for a dropped PDF or photo.
    package func verify(bytes: [UInt8], name: String) throws -> CertificateVerdict {
        let clean = try AppFileName.checked(name)
        let ext = (clean as NSString).pathExtension.lowercased()
        guard ["pdf", "png", "jpg", "jpeg"].contains(ext) else { throw AppError.badRequest("\(clean) is not a PDF, PNG or JPEG file") }
        let tmp = workspace.root.appendingPathComponent(".periksa-\(UUID().uuidString).\(ext)")
        try FileOutput.writeAtomically(bytes, to: tmp)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let texts = ext == "pdf" ? try QRReader.texts(inPDFAt: tmp) : try QRReader.texts(inImageAt: tmp)
        guard let text = texts.first else {
            return CertificateVerifier.unreadable(item: clean, reason: "no QR code found (scan it straight and in focus, at 150 dpi or more)", code: .noQRCode)
        }
        let key = try KeyFile.readPublicKeys(at: workspace.publicKeyURL)
        return CertificateVerifier(trustedKeys: key).verify(text: text, item: clean)
    }
}
