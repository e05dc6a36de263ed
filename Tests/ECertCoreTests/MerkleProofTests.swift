import Crypto
@testable import ECertCore
import Foundation
import Testing

@Suite("RFC 6962 Merkle inclusion proofs")
struct MerkleProofTests {
    func leaves(_ n: Int) -> [[UInt8]] {
        (0..<n).map { MerkleTree.leafHash(Array("record \($0)".utf8)) }
    }

    /// RFC 6962 §2.1 MTH written out independently (recursive split), to cross-check `root`.
    func referenceRoot(_ l: ArraySlice<[UInt8]>) -> [UInt8] {
        if l.count == 1 { return l.first! }
        var k = 1
        while k * 2 < l.count { k *= 2 }
        let left = referenceRoot(l.prefix(k)), right = referenceRoot(l.dropFirst(k))
        return Array(SHA256.hash(data: [0x01] + left + right))
    }

    @Test func everyProofOfEveryTreeSizeVerifies() {
        for n in 1...70 {
            let l = leaves(n)
            let root = MerkleTree.root(leafHashes: l)
            #expect(root == referenceRoot(l[...]), "root of \(n) leaves")
            let all = MerkleTree.auditPaths(leafHashes: l)
            for i in 0..<n {
                #expect(all[i] == MerkleTree.auditPath(index: i, leafHashes: l), "n=\(n) i=\(i): one-pass and per-leaf paths differ")
                #expect(MerkleTree.verifyInclusion(leafHash: l[i], index: i, treeSize: n, path: all[i], root: root), "n=\(n) i=\(i)")
            }
        }
    }

    @Test func wrongLeafIndexSizeOrSiblingIsRejected() {
        let l = leaves(13)
        let root = MerkleTree.root(leafHashes: l)
        let path = MerkleTree.auditPath(index: 6, leafHashes: l)
        #expect(MerkleTree.verifyInclusion(leafHash: l[6], index: 6, treeSize: 13, path: path, root: root))
        #expect(!MerkleTree.verifyInclusion(leafHash: l[5], index: 6, treeSize: 13, path: path, root: root))
        #expect(!MerkleTree.verifyInclusion(leafHash: l[6], index: 7, treeSize: 13, path: path, root: root))
        #expect(!MerkleTree.verifyInclusion(leafHash: l[6], index: 6, treeSize: 7, path: path, root: root))
        #expect(!MerkleTree.verifyInclusion(leafHash: l[6], index: 6, treeSize: 13, path: Array(path.dropLast()), root: root))
        var bent = path
        bent[1][0] ^= 1
        #expect(!MerkleTree.verifyInclusion(leafHash: l[6], index: 6, treeSize: 13, path: bent, root: root))
        #expect(!MerkleTree.verifyInclusion(leafHash: l[6], index: 13, treeSize: 13, path: path, root: root))
    }

    /// Audit path lengths follow the RFC 6962 shape: a 7-leaf tree gives leaf 6 a path of two
    /// (MTH(D[0:4]), MTH(D[4:6])), leaf 0 a path of three.
    @Test func pathShapesMatchRFC6962() {
        let l = leaves(7)
        #expect(MerkleTree.auditPath(index: 6, leafHashes: l).count == 2)
        #expect(MerkleTree.auditPath(index: 6, leafHashes: l)[1] == MerkleTree.root(leafHashes: Array(l[0..<4])))
        #expect(MerkleTree.auditPath(index: 0, leafHashes: l).count == 3)
        #expect(MerkleTree.auditPath(index: 0, leafHashes: [l[0]]).isEmpty)
    }
}

@Suite("re-issue lookups and corrections")
struct ReissueLookupTests {
    func records(_ names: [String]) -> RecordLookup {
        let recs = names.enumerated().map { k, name in
            ManifestRecord(serial: "A/00\(k + 1)", participantID: "10\(k)", name: name, file: "A_00\(k + 1).pdf",
                           sha256: "00", payload: "", line: k + 2, columns: [:])
        }
        return RecordLookup(location: "m", records: recs)
    }

    @Test func nameSearchIgnoresCaseAndAccentsAndMatchesWordStarts() throws {
        let r = records(["Siti Nurhaliza, S.Pd.", "SITÍ NÛR AINI", "Prasiti Anur", "Budi Santoso"])
        #expect(r.matches(.name("siti nur")).map(\.serial) == ["A/001", "A/002"])
        #expect(r.matches(.name("  NURHALIZA ")).map(\.serial) == ["A/001"])
        #expect(r.matches(.name("nûr aini")).map(\.serial) == ["A/002"])
        #expect(r.matches(.name("santoso budi")).map(\.serial) == ["A/004"])
        #expect(r.matches(.name("xyz")).isEmpty)
        #expect(try r.record(.participantID("103")).serial == "A/004")
        #expect(throws: ECertError.self) { try r.record(.name("siti")) }
        do {
            _ = try r.record(.name("siti nur"))
        } catch {
            let text = error.localizedDescription
            #expect(text.contains("2 certificates match") && text.contains("A/001") && text.contains("A/002") && text.contains("--serial"))
        }
    }

    @Test func correctedSerialsCountUp() {
        #expect(Corrector.nextSerial(after: "A/001", taken: []) == "A/001-R1")
        #expect(Corrector.nextSerial(after: "A/001-R1", taken: []) == "A/001-R2")
        #expect(Corrector.nextSerial(after: "A/001", taken: ["A/001-R1"]) == "A/001-R2")
    }

    @Test func bundleFileNamesAreSafeAndReadable() {
        #expect(BundlePlanner.safeFileStem("Kab. Lahat") == "Kab. Lahat")
        #expect(BundlePlanner.safeFileStem("Kab/Kota: Ogan*Ilir?") == "Kab_Kota_ Ogan_Ilir_")
        #expect(BundlePlanner.safeFileStem("../..") == "_")
        #expect(BundlePlanner.safeFileStem("CON") == "_CON")
        #expect(BundlePlanner.safeFileStem("  Kota  Palembang. ") == "Kota Palembang")
    }
}
