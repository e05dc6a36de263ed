@testable import ECertCore
import Foundation
import Testing

@Suite("Streamed Merkle root")
struct MerkleAccumulatorTests {
    @Test func sameRootAsTheWholeTreeForEverySizeUpTo300() {
        var all: [[UInt8]] = []
        var streamed = MerkleAccumulator()
        #expect(streamed.root == MerkleTree.root(leafHashes: []), "empty tree")
        for n in 1...300 {
            let leaf = MerkleTree.leafHash(Array("record \(n)".utf8))
            all.append(leaf)
            streamed.append(leafHash: leaf)
            #expect(streamed.count == n)
            #expect(streamed.root == MerkleTree.root(leafHashes: all), "root of \(n) leaves")
        }
    }
}
