import Crypto
import Foundation

extension Manifest {
    /// Whether `key` signed this manifest, and the Merkle root its records give, from one canonical
    /// encoding of each record made on all cores. `isSigned(by:)` and `merkleRoot(of:)` each encode
    /// every record again on one core: seconds for a 25,000-certificate batch.
    public func signatureAndMerkleRoot(key: IssuerPublicKey) -> (signed: Bool, merkleRoot: String) {
        let encoded = ParallelMap.map(body.records) { record -> ([UInt8], [UInt8]) in
            let bytes = CanonicalJSON.encode(record)
            return (bytes, MerkleTree.leafHash(bytes))
        }
        let root = MerkleTree.root(leafHashes: encoded.map(\.1)).hexString
        var head = body
        head.records = []
        let shell = CanonicalJSON.encode(head)
        let marker = Array(#""records":[]"#.utf8)
        guard let at = ManifestWriter.find(marker, in: shell), let signature = Data(base64Encoded: self.signature) else {
            return (isSigned(by: key), root)
        }
        // The canonical body is the record-less body with the records spliced in at `"records":[]`.
        let comma: [UInt8] = [UInt8(ascii: ",")], close: [UInt8] = [UInt8(ascii: "]")]
        var pieces: [ArraySlice<UInt8>] = [shell[..<at], Array(#""records":["#.utf8)[...]]
        pieces.reserveCapacity(2 * encoded.count + 4)
        for (k, record) in encoded.enumerated() {
            if k > 0 { pieces.append(comma[...]) }
            pieces.append(record.0[...])
        }
        pieces.append(close[...])
        pieces.append(shell[(at + marker.count)...])
        let message: [UInt8]
        if version == 1 {
            message = Array(pieces.joined())
        } else {
            var hasher = SHA256()
            for piece in pieces { hasher.update(data: piece) }
            message = Self.signedMessage(tag: Self.signatureTag, digest: Array(hasher.finalize()))
        }
        return (key.isValidSignature(Array(signature), for: message), root)
    }
}
