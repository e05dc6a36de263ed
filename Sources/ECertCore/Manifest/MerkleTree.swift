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

// MARK: - Inclusion proofs (RFC 6962 §2.1.1 audit paths, verified as in RFC 9162 §2.1.3.2)

extension MerkleTree {
    /// The audit path of every leaf, in one pass: `paths[i]` lists sibling hashes from the leaf
    /// up to (not including) the root, exactly as RFC 6962 `PATH(i, D[n])` orders them.
    public static func auditPaths(leafHashes: [[UInt8]]) -> [[[UInt8]]] {
        var paths = [[[UInt8]]](repeating: [], count: leafHashes.count)
        guard !leafHashes.isEmpty else { return paths }
        func subtree(_ lo: Int, _ hi: Int) -> [UInt8] {
            if hi - lo == 1 { return leafHashes[lo] }
            var k = 1
            while k << 1 < hi - lo { k <<= 1 }
            let left = subtree(lo, lo + k), right = subtree(lo + k, hi)
            for i in lo..<lo + k { paths[i].append(right) }
            for i in lo + k..<hi { paths[i].append(left) }
            return nodeHash(left, right)
        }
        _ = subtree(0, leafHashes.count)
        return paths
    }

    /// The audit path of one leaf (see `auditPaths`).
    public static func auditPath(index: Int, leafHashes: [[UInt8]]) -> [[UInt8]] {
        precondition(leafHashes.indices.contains(index), "leaf index out of range")
        func path(_ m: Int, _ lo: Int, _ hi: Int) -> [[UInt8]] {
            if hi - lo <= 1 { return [] }
            var k = 1
            while k << 1 < hi - lo { k <<= 1 }
            if m < k {
                return path(m, lo, lo + k) + [root(leafHashes: Array(leafHashes[(lo + k)..<hi]))]
            }
            return path(m - k, lo + k, hi) + [root(leafHashes: Array(leafHashes[lo..<(lo + k)]))]
        }
        return path(index, 0, leafHashes.count)
    }

    /// The root an audit path leads to, or nil when the path cannot belong to a tree of that size.
    public static func rootFromAuditPath(leafHash: [UInt8], index: Int, treeSize: Int, path: [[UInt8]]) -> [UInt8]? {
        guard index >= 0, index < treeSize else { return nil }
        var fn = index, sn = treeSize - 1
        var r = leafHash
        for p in path {
            guard sn != 0, p.count == 32 else { return nil }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? r : nil
    }

    /// True when `path` proves that `leafHash` is leaf `index` of the tree of `treeSize` leaves with `root`.
    public static func verifyInclusion(leafHash: [UInt8], index: Int, treeSize: Int, path: [[UInt8]], root: [UInt8]) -> Bool {
        rootFromAuditPath(leafHash: leafHash, index: index, treeSize: treeSize, path: path) == root
    }
}
