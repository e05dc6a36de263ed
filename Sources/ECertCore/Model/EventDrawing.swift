import Foundation

/// What a renderer needs from the event besides per-certificate values: the shared placeholder
/// values, the signature blocks, the pictures the event file names (checked against the SHA-256
/// the signed header pins) and the Struktur Program.
public struct EventDrawing: Sendable {
    public var values: [String: String]
    /// Key as used in a template's image `source` without braces (`logo.left`,
    /// `signatory.1.signature`) → the file.
    public var images: [String: URL] = [:]
    public var signatures: [SignatureBlock] = []
    public var program: [ProgramTopic]? = nil
    public var language: EventLanguage = .id

    /// The texts of one signature block, top to bottom.
    public struct SignatureBlock: Sendable, Equatable {
        public var placeDate: String
        public var position: String
        /// Key of `images` for the signature picture, if any.
        public var image: String?
        public var name: String
        public var nipLine: String
    }

    /// Values only (a version-1 event): one block with the place/date line and the issuer.
    public init(values: [String: String]) {
        self.values = values
    }
}

extension Event {
    /// The drawing inputs of this event. Pictures are read from `assets` (the event file's folder
    /// at issue; the folder given to re-issue) and must have the SHA-256 the event records.
    public func drawing(assets: URL?) throws -> EventDrawing {
        var d = EventDrawing(values: certificateValues)
        d.language = printLanguage
        d.program = program
        func add(_ key: String, _ asset: EventAsset?) throws {
            guard let asset else { return }
            d.images[key] = try Self.checkedAsset(asset, in: assets)
        }
        try add("logo.left", logos?.left)
        try add("logo.right", logos?.right)
        for (k, s) in (signatories ?? []).enumerated() {
            let key = "signatory.\(k + 1).signature"
            try add(key, s.signature)
            d.signatures.append(.init(placeDate: signatoryPlaceDate(k), position: s.position, image: s.signature == nil ? nil : key,
                                      name: s.name, nipLine: s.nip.map { "NIP \($0)" } ?? ""))
        }
        if d.signatures.isEmpty {
            d.signatures = [.init(placeDate: "\(place), \(lastDate.long(printLanguage))", position: "", image: nil, name: issuer, nipLine: "")]
        }
        return d
    }

    /// The file of `asset` in `folder`, if its bytes are the ones the event was issued with.
    static func checkedAsset(_ asset: EventAsset, in folder: URL?) throws -> URL {
        // Signed, but still only a name inside the folder: never a path that leaves it.
        guard !asset.file.isEmpty, !asset.file.hasPrefix("/"), !asset.file.split(separator: "/").contains("..") else {
            throw ECertError.invalidEvent(path: asset.file, reason: "the event names a picture outside its folder; it cannot be used")
        }
        let url = (folder ?? URL(fileURLWithPath: ".")).appendingPathComponent(asset.file)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ECertError.invalidEvent(path: url.path, reason: "the event's picture \"\(asset.file)\" is not there; put the original file there (or pass --assets with the folder that holds it)")
        }
        let sha = Digest256.sha256Hex(try BoundedFile.read(url, limit: EventReader.maxAssetBytes))
        guard sha == asset.sha256 else {
            throw ECertError.invalidEvent(path: url.path, reason: "is not the picture the event was issued with (SHA-256 \(sha.prefix(16))…, recorded \(asset.sha256.prefix(16))…); use the original file")
        }
        return url
    }
}
