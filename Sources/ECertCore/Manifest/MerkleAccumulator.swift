import Foundation

/// RFC 6962 Merkle root over leaves that arrive one at a time, holding O(log n) hashes: a stack of
/// the roots of complete subtrees (sizes are the binary digits of the leaf count). Gives the same
/// root as `MerkleTree.root(leafHashes:)`, without keeping every leaf of a large batch in memory.
public struct MerkleAccumulator: Sendable {
    /// (subtree root, leaf count), largest first; leaf counts are distinct powers of two.
    private var stack: [(hash: [UInt8], size: Int)] = []
    public private(set) var count = 0

    public init() {}

    public mutating func append(leafHash: [UInt8]) {
        var node = (hash: leafHash, size: 1)
        // Two complete subtrees of equal size are the two halves of the next power of two.
        while let last = stack.last, last.size == node.size {
            stack.removeLast()
            node = (MerkleTree.nodeHash(last.hash, node.hash), last.size * 2)
        }
        stack.append(node)
        count += 1
    }

    /// The root of the leaves so far. RFC 6962 splits at the largest power of two below n, i.e.
    /// the leftmost complete subtree is the left child; folding from the right gives that shape.
    public var root: [UInt8] {
        guard var right = stack.last?.hash else { return Digest256.sha256([UInt8]()) }
        for node in stack.dropLast().reversed() {
            right = MerkleTree.nodeHash(node.hash, right)
        }
        return right
    }
}
