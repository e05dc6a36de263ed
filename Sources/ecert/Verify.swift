import ArgumentParser
import ECertCore
import Foundation

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a batch folder: manifest signature and signer, Merkle root, and every PDF.",
        discussion: "Exit code 0 only when everything holds; every missing, modified or unlisted file is listed.")

    @Argument(help: "Batch folder written by `ecert issue`, or a district bundle (ZIP or folder) written by `ecert bundle`.")
    var directory: String

    @Option(help: "Trusted public key file (issuer.pub); repeat for several keys.")
    var pub: [String]

    func run() throws {
        do {
            guard !pub.isEmpty else { throw ValidationError("give the issuer's public key with --pub issuer.pub") }
            let keys = try pub.flatMap { try KeyFile.readPublicKeys(at: URL(fileURLWithPath: $0)) }
            if BundleArchive.isBundle(URL(fileURLWithPath: directory)) { return try verifyBundle(keys: keys) }
            let report = try BatchVerifier.verify(directory: URL(fileURLWithPath: directory), trustedKeys: keys)
            for finding in report.findings { print(finding.description) }
            if report.isValid {
                print("VALID: \(report.certificates) certificates in \(directory); manifest signature, Merkle root \(report.merkleRoot.prefix(16))… and every PDF check out.")
            } else {
                print("INVALID: \(report.findings.count) problem(s) in \(directory).")
                throw ExitCode.failure
            }
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            throw fail(error)
        }
    }

    /// A district bundle: header signature, every inclusion proof, every PDF and payload.
    private func verifyBundle(keys: [IssuerPublicKey]) throws {
        let report = try BundleVerifier.verify(at: URL(fileURLWithPath: directory), trustedKeys: keys)
        for finding in report.findings { print(finding.description) }
        if report.isValid {
            print("VALID: \(report.certificates) certificates for \(report.column) = \"\(report.value)\" in \(directory); batch header signature, "
                + "\(report.certificates) inclusion proof(s) against Merkle root \(report.merkleRoot.prefix(16))… (batch of \(report.batchSize)) and every PDF check out.")
        } else {
            print("INVALID: \(report.findings.count) problem(s) in \(directory).")
            throw ExitCode.failure
        }
    }
}
