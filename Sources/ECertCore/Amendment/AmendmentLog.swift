import Foundation

/// `DIR/amendments.json` (format "ecert-amendments", version 1): the signed, append-only history of
/// changes to an issued batch. The manifest itself is never rewritten (its Merkle root may already
/// be in districts' hands); a correction adds an entry holding both halves: the revoked serial (reason
/// "corrected", link to the new serial) and the full record of the certificate issued in its place.
///
/// Each entry carries `previous`, the SHA-256 of the canonical JSON of the entry before it (the first
/// entry: the manifest's Merkle root), so entries cannot be dropped or reordered without breaking
/// the chain; the whole body is signed like the manifest. See docs/FORMAT.md.
public struct AmendmentLog: Codable, Sendable, Equatable {
    public static let format = "ecert-amendments"
    public static let version = 1
    public static let fileName = "amendments.json"

    public var format: String
    public var version: Int
    public var body: Body
    /// Base64 Ed25519 signature over `CanonicalJSON.encode(body)`.
    public var signature: String

    public struct Body: Codable, Sendable, Equatable {
        public var issuer: Manifest.IssuerInfo
        /// The batch amended: its event ID and Merkle root.
        public var eventID: String
        public var merkleRoot: String
        public var entries: [Amendment]
    }

    public struct Amendment: Codable, Sendable, Equatable {
        /// 1, 2, 3… in order of the changes.
        public var sequence: Int
        /// "correction".
        public var kind: String
        /// UTC time, `YYYY-MM-DDTHH:MM:SSZ` (same as the revocation entry it goes with).
        public var at: String
        /// SHA-256 (hex) of the previous entry's canonical JSON; for the first, the manifest's Merkle root.
        public var previous: String
        public var revoked: RevocationEntry
        /// What the revoked certificate said, for the audit trail.
        public var replacedName: String
        public var issued: ManifestRecord
    }

    public static func empty(for manifest: Manifest) -> Body {
        Body(issuer: manifest.body.issuer, eventID: manifest.body.eventID, merkleRoot: manifest.body.merkleRoot, entries: [])
    }

    /// The `previous` value the next entry must carry.
    public static func chainHead(of body: Body) -> String {
        body.entries.last.map { Digest256.sha256Hex(CanonicalJSON.encode($0)) } ?? body.merkleRoot
    }

    public static func signed(_ body: Body, with key: IssuerPrivateKey) throws -> AmendmentLog {
        AmendmentLog(format: format, version: version, body: body,
                     signature: Data(try key.signature(for: CanonicalJSON.encode(body))).base64EncodedString())
    }

    public var issuedRecords: [ManifestRecord] { body.entries.map(\.issued) }

    public static func load(from url: URL) throws -> AmendmentLog {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ECertError.fileNotFound(path: url.path) }
        let log: AmendmentLog
        do {
            log = try JSONDecoder().decode(AmendmentLog.self, from: data)
        } catch {
            throw ECertError.invalidManifest(path: url.path, reason: "not an ecert amendment record (\(error.localizedDescription))")
        }
        guard log.format == format, log.version == version else {
            throw ECertError.invalidManifest(path: url.path, reason: "format \(log.format) version \(log.version) is not supported; this ecert reads \(format) version \(version)")
        }
        return log
    }

    /// The log beside a manifest, or nil when the batch was never amended.
    public static func load(besideManifestIn directory: URL) throws -> AmendmentLog? {
        let url = directory.appendingPathComponent(fileName)
        return FileManager.default.fileExists(atPath: url.path) ? try load(from: url) : nil
    }

    /// Problems with the log as a whole: signer, signature, binding to the manifest, chain, sequence.
    public func problems(manifest: Manifest, key: IssuerPublicKey?) -> [String] {
        var out: [String] = []
        if let key {
            if key.keyIDHex != body.issuer.keyID || Data(key.raw).base64EncodedString() != body.issuer.publicKey {
                out.append("signed by key \(body.issuer.keyID), not the manifest's key \(key.keyIDHex)")
            } else if !(Data(base64Encoded: signature).map { key.isValidSignature(Array($0), for: CanonicalJSON.encode(body)) } ?? false) {
                out.append("signature does not verify: amendments.json was changed after signing")
            }
        }
        if body.eventID != manifest.body.eventID || body.merkleRoot != manifest.body.merkleRoot {
            out.append("belongs to another batch (event \(body.eventID), Merkle root \(body.merkleRoot.prefix(16))…)")
        }
        var head = body.merkleRoot
        for (k, entry) in body.entries.enumerated() {
            if entry.sequence != k + 1 { out.append("entry \(k + 1) has sequence \(entry.sequence)") }
            if entry.previous != head { out.append("entry \(k + 1) does not chain to the entry before it (history was altered)") }
            if entry.revoked.replacedBy != entry.issued.serial { out.append("entry \(k + 1) revokes \(entry.revoked.serial) but links \(entry.revoked.replacedBy ?? "nothing") instead of \(entry.issued.serial)") }
            head = Digest256.sha256Hex(CanonicalJSON.encode(entry))
        }
        return out
    }
}
