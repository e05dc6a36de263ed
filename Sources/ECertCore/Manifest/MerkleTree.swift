import Foundation

/// RFC 6962 Merkle tree hash: leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right),
/// split at the largest power of two below the leaf count. Proofs for one record come from the same
/// definition, so a district can prove its records belong to the signed batch.
public enum MerkleTree {
    public static func leafHash(_ data: [UInt8]) -> [UInt8] {
        Digest256.sha256([0x00] + data)
    }

    static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        Digest256.sha256([0x01] + left + right)
    }

    /// Root over leaf hashes; the empty tree's root is SHA-256 of no bytes.
    public static func root(leafHashes: [[UInt8]]) -> [UInt8] {
        guard !leafHashes.isEmpty else { return Digest256.sha256([UInt8]()) }
        // Bottom-up pairing with the odd node promoted gives the same root as RFC 6962's split.
        var level = leafHashes
        while level.count > 1 {
            var next: [[UInt8]] = []
            next.reserveCapacity((level.count + 1) / 2)
            var i = 0
            while i + 1 < level.count {
                next.append(nodeHash(level[i], level[i + 1]))
                i += 2
            }
            if i < level.count { next.append(level[i]) }
            level = next
        }
        return level[0]
    }
}
