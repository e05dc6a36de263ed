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
        guard let splice = CanonicalRecordSplice(recordless: CanonicalJSON.encode(head)),
              let signature = Data(base64Encoded: self.signature)
        else { return (isSigned(by: key), root) }
        let comma: [UInt8] = [UInt8(ascii: ",")]
        var pieces: [ArraySlice<UInt8>] = [splice.prefix]
        pieces.reserveCapacity(2 * encoded.count + 2)
        for (k, record) in encoded.enumerated() {
            if k > 0 { pieces.append(comma[...]) }
            pieces.append(record.0[...])
        }
        pieces.append(splice.suffix)
        let message = signedMessage(canonicalBody: pieces)
        return (key.isValidSignature(Array(signature), for: message), root)
    }
}
