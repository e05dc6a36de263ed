import Foundation
import Testing
@testable import ECertCore

@Suite("Payload fuzz findings")
struct PayloadFuzzFindingTests {
    /// Found by `make fuzz` (payload target): a serial length padded to two bytes (0x80 0x00)
    /// decoded to the same claims, so one signature had two QR texts.
    @Test func paddedSerialLengthIsRefused() throws {
        let input = try #require(Data(base64Encoded: "AsajRGiqEOaLmU9/YoAAAAAAAAAALzIwMjUvMDAwMDAxRHJhLiBIai4gU2l0aSAjTnVyaGFsaXphLCBTLlBkLiwgTS5QZC7SJ+h9Fj/GTKMCNbOIi0jxv28EVo6Cdb11FV9cLWCjelRm76nwFE6dyg2WyZwh3YhTd0ECGwAv7mlJAA=="))
        #expect(throws: ECertError.invalidPayload(reason: "the serial length is not in its shortest form")) {
            try SignedPayload(bytes: Array(input))
        }
    }
}
