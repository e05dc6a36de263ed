import ECertCore
import Foundation
import Testing

@Suite("payload")
struct PayloadTests {
    let key = IssuerPrivateKey()

    func claims(name: String = "Dra. Hj. Siti Nurhaliza, S.Pd., M.Pd.", serial: String = "WEB-AI/2025/000001") -> CertificateClaims {
        CertificateClaims(
            keyID: key.publicKey.keyID, eventID: [1, 2, 3, 4], date: EventDate(iso: "2025-09-20")!, serial: serial, name: name)
    }

    @Test(arguments: ["Siti", "Nguyễn Thị Minh Khai", "สมชาย ใจดี", "محمد عبد الله", String(repeating: "Á", count: 200)])
    func signedPayloadRoundTripsThroughText(name: String) throws {
        let payload = try SignedPayload.sign(claims(name: name), with: key)
        let decoded = try SignedPayload(text: "https://verify.example.org/v#" + payload.text.lowercased())
        #expect(decoded == payload)
        #expect(decoded.isSigned(by: key.publicKey))
        #expect(decoded.claims.name == name)
    }

    @Test func anyChangedByteBreaksTheSignature() throws {
        let bytes = try SignedPayload.sign(claims(), with: key).bytes
        for index in stride(from: 0, to: bytes.count, by: 7) {
            var changed = bytes
            changed[index] ^= 0x20
            if let payload = try? SignedPayload(bytes: changed) {
                #expect(!payload.isSigned(by: key.publicKey), "byte \(index) changed and still verifies")
            }
        }
    }

    @Test func anotherKeyDoesNotVerify() throws {
        let payload = try SignedPayload.sign(claims(), with: key)
        #expect(!payload.isSigned(by: IssuerPrivateKey().publicKey))
    }

    @Test func signingIsDeterministic() throws {
        #expect(try SignedPayload.sign(claims(), with: key) == SignedPayload.sign(claims(), with: key))
    }

    @Test func truncatedAndGarbagePayloadsAreRejected() throws {
        let text = try SignedPayload.sign(claims(), with: key).text
        #expect(throws: ECertError.self) { try SignedPayload(text: String(text.dropLast(4))) }
        #expect(throws: ECertError.self) { try SignedPayload(text: "NOT-BASE32!") }
        #expect(throws: ECertError.self) { try SignedPayload(text: text + "AAAA") }
    }

    @Test func qrTextKeepsThePathCaseAndCapitalisesSchemeAndHost() throws {
        let payload = try SignedPayload.sign(claims(), with: key)
        let text = QRContent.text(verifyURL: "https://verify.example.org/v", payload: payload)
        #expect(text.hasPrefix("HTTPS://VERIFY.EXAMPLE.ORG/v#"))
    }
}

@Suite("encodings")
struct EncodingTests {
    @Test func base32MatchesRFC4648Vectors() {
        let vectors = ["": "", "f": "MY", "fo": "MZXQ", "foo": "MZXW6", "foob": "MZXW6YQ", "fooba": "MZXW6YTB", "foobar": "MZXW6YTBOI"]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
            #expect(Base32.decode(encoded.lowercased()) == Array(plain.utf8))
        }
    }

    @Test func datesConvertBothWays() {
        for iso in ["1970-01-01", "2000-02-29", "2025-09-20", "2099-12-31"] {
            let date = EventDate(iso: iso)!
            #expect(EventDate(daysSinceEpoch: date.daysSinceEpoch) == date)
        }
        #expect(EventDate(iso: "2025-09-20")!.daysSinceEpoch == 20351)
        #expect(EventDate(iso: "2025-02-29") == nil)
        #expect(EventDate(iso: "2025-9-20") == nil)
        #expect(EventDate(iso: "2025-09-20")!.indonesianLong == "20 September 2025")
    }

    @Test func serialPatternPadsTheSequence() throws {
        #expect(try SerialPattern("WEB-AI/2025/{seq:06}").serial(for: 42) == "WEB-AI/2025/000042")
        #expect(try SerialPattern("S-{seq}").serial(for: 7) == "S-7")
        #expect(throws: (any Error).self) { try SerialPattern("no number") }
    }

    @Test func fileNamesAreSafeEverywhere() {
        #expect(FileOutput.safeFileName(forSerial: "WEB-AI/2025/000001") == "WEB-AI_2025_000001.pdf")
        #expect(FileOutput.safeFileName(forSerial: "../../etc/passwd") == "______etc_passwd.pdf")
        #expect(FileOutput.safeFileName(forSerial: "CON") == "_CON.pdf")
    }
}

@Suite("Merkle tree")
struct MerkleTests {
    /// RFC 6962 / Certificate Transparency reference vectors for the first leaves of its test data.
    @Test func matchesCertificateTransparencyVectors() {
        let leaves: [[UInt8]] = [[], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
                                 [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57], [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f]]
        let hashes = leaves.map(MerkleTree.leafHash)
        #expect(MerkleTree.root(leafHashes: Array(hashes.prefix(1))).hexString == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        #expect(MerkleTree.root(leafHashes: Array(hashes.prefix(2))).hexString == "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")
        #expect(MerkleTree.root(leafHashes: Array(hashes.prefix(3))).hexString == "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77")
        #expect(MerkleTree.root(leafHashes: Array(hashes.prefix(5))).hexString == "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4")
        #expect(MerkleTree.root(leafHashes: hashes).hexString == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
    }
}
