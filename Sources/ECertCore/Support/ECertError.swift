import Foundation

/// Every failure the core can report. Messages name the file, row or value and say how to fix it.
public enum ECertError: LocalizedError, Equatable {
    case fileNotFound(path: String)
    case unreadableFile(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case invalidEncoding(path: String, reason: String)
    case missingColumn(path: String, role: String, accepted: [String], found: [String])
    case ambiguousColumn(path: String, role: String, candidates: [String], found: [String])
    case emptyParticipantList(path: String)
    case duplicateHeader(path: String, header: String, columns: [Int])
    case invalidName(option: String, reason: String)
    case malformedCSV(path: String, line: Int, reason: String)
    case invalidEvent(path: String, reason: String)
    case unknownEventKey(path: String, key: String, allowed: [String])
    case invalidTemplate(path: String, element: String?, reason: String)
    case invalidKey(path: String, reason: String)
    case keyExists(path: String)
    case invalidPayload(reason: String)
    case invalidManifest(path: String, reason: String)
    case outputNotUsable(path: String, reason: String)
    case resourceNotFound(kind: String, searched: [String])
    case validationFailed(path: String, problemCount: Int)
    case noValidRows(path: String, problemCount: Int)
    case sheetNotFound(path: String, sheet: String, available: [String])
    case invalidExport(path: String, reason: String)
    case invalidFunnel(path: String, reason: String)
    case invalidRevocationList(path: String, reason: String)
    case invalidRevocation(reason: String)
    case alreadyRevoked(serial: String, at: String, reason: String)
    case recordNotFound(path: String, query: String)
    case ambiguousRecord(path: String, query: String, matches: [String])
    case resourceChanged(kind: String, differences: [String])
    case reissueMismatch(serial: String, recorded: String, rendered: String)
    case invalidShard(text: String)
    case mergeRefused(path: String, reason: String)
    /// Trust layer: a signed file that is malformed, signed by a key not trusted, whose signature
    /// does not verify, or whose signed contents contradict each other.
    case invalidSignedFile(path: String, reason: String)
    case untrustedSigner(path: String, keyID: String, trusted: [String])
    case badSignature(path: String, what: String)
    case inconsistentSignedFile(path: String, problems: [String])
    /// A file that is not strict JSON (RFC 8259 + I-JSON); `keyPath` is where the reader was.
    case invalidJSON(path: String, offset: Int, line: Int, keyPath: String, reason: String)
    case duplicateJSONKey(path: String, key: String, keyPath: String, offset: Int, line: Int)
    case jsonTypeMismatch(path: String, keyPath: String, expected: String, found: String)
    case missingJSONKey(path: String, keyPath: String, key: String)
    case unknownJSONKey(path: String, keyPath: String, key: String)
    case invalidJSONValue(path: String, keyPath: String, reason: String)
    case unencodableJSON(keyPath: String, reason: String)
    /// PAdES: a signing key or certificate file that cannot be used, or a signature that cannot be made.
    case invalidPDFSigner(path: String, reason: String)
    case pdfSigningFailed(reason: String)
    /// Delivery (issue 14): smtp.yaml, the e-mail template, the delivery ledger, a refused send.
    case invalidSMTPSettings(path: String, reason: String)
    case invalidMailTemplate(path: String, reason: String)
    case invalidLedger(path: String, line: Int, reason: String)
    case deliveryStopped(reason: String)

    public var errorDescription: String? {
        switch self {
        case .fileNotFound(let path):
            return "\(path): file not found. Check the path and try again."
        case .cannotWrite(let path, let reason):
            return "\(path): cannot be written (\(reason)). Check that the folder exists and you may write to it, and that the disk has free space."
        case .unreadableFile(let path, let reason):
            return "\(path): cannot be read (\(reason))."
        case .invalidEncoding(let path, let reason):
            return "\(path): \(reason). Save the file as UTF-8 CSV (Excel: \"CSV UTF-8 (Comma delimited)\")."
        case .missingColumn(let path, let role, let accepted, let found):
            return "\(path): no \(role) column. Accepted headers: \(accepted.joined(separator: ", ")). "
                + "Headers found: \(found.map { "\"\($0)\"" }.joined(separator: ", ")). Rename the column or pass --column \(role)=\"HEADER\"."
        case .ambiguousColumn(let path, let role, let candidates, let found):
            return "\(path): several columns could be the \(role): \(candidates.map { "\"\($0)\"" }.joined(separator: ", ")). "
                + "Headers found: \(found.map { "\"\($0)\"" }.joined(separator: ", ")). Pick one with --column \(role)=\"HEADER\"."
        case .duplicateHeader(let path, let header, let columns):
            return "\(path): the header \"\(header)\" appears in columns \(columns.map(String.init).joined(separator: " and ")); each certificate record keeps one value per header, "
                + "so one of them would be lost. Rename one of the columns (e.g. \"\(header) 2\") or delete the one not needed."
        case .invalidName(let option, let reason):
            return "\(option): \(reason)."
        case .emptyParticipantList(let path):
            return "\(path): the file has a header row but no participants."
        case .malformedCSV(let path, let line, let reason):
            return "\(path), line \(line): \(reason)."
        case .invalidEvent(let path, let reason):
            return "\(path): \(reason)."
        case .unknownEventKey(let path, let key, let allowed):
            return "\(path): unknown key \"\(key)\". Allowed keys: \(allowed.joined(separator: ", ")). Remove or rename it."
        case .invalidTemplate(let path, let element, let reason):
            let place = element.map { ", element \($0)" } ?? ""
            return "\(path)\(place): \(reason)."
        case .invalidKey(let path, let reason):
            return "\(path): \(reason)."
        case .keyExists(let path):
            return "\(path) already exists; refusing to overwrite a signing key. Choose another file name or move the old key away first."
        case .invalidPayload(let reason):
            return "invalid certificate payload: \(reason)."
        case .invalidManifest(let path, let reason):
            return "\(path): \(reason)."
        case .outputNotUsable(let path, let reason):
            return "\(path): \(reason)."
        case .resourceNotFound(let kind, let searched):
            return "cannot find the \(kind) folder. Searched: \(searched.joined(separator: ", ")). "
                + "Pass --resources DIR or set ECERT_RESOURCES to the folder that holds templates/ and fonts/."
        case .validationFailed(let path, let count):
            return "\(path): \(count) problem\(count == 1 ? "" : "s") found; nothing was issued. Fix the rows listed above and run again, or pass --skip-invalid to issue the valid rows and list the others in rejected.csv."
        case .noValidRows(let path, let count):
            return "\(path): no row can be issued (\(count) problem\(count == 1 ? "" : "s") listed above), so nothing was issued: a signed batch of zero certificates is refused. Fix the rows and run again."
        case .sheetNotFound(let path, let sheet, let available):
            return "\(path): no sheet named \"\(sheet)\". Sheets in the workbook: \(available.map { "\"\($0)\"" }.joined(separator: ", ")). Pass one of them to --sheet."
        case .invalidExport(let path, let reason):
            return "\(path): \(reason)."
        case .invalidFunnel(let path, let reason):
            return "\(path): \(reason)."
        case .invalidRevocationList(let path, let reason):
            return "\(path): revocation list rejected: \(reason)."
        case .invalidRevocation(let reason):
            return "cannot revoke: \(reason)."
        case .alreadyRevoked(let serial, let at, let reason):
            return "\(serial) was already revoked at \(at) (\"\(reason)\"); the list was not changed."
        case .recordNotFound(let path, let query):
            return "\(path): no certificate with \(query). Check the spelling, or search by name with --name \"part of the name\"."
        case .ambiguousRecord(let path, let query, let matches):
            return "\(path): \(matches.count) certificates match \(query):\n" + matches.map { "  " + $0 }.joined(separator: "\n")
                + "\nRun again with --serial SERIAL to pick one."
        case .resourceChanged(let kind, let differences):
            return "refusing to re-issue: the \(kind) files differ from the ones recorded in the manifest, so the PDF would not be byte-identical:\n"
                + differences.map { "  " + $0 }.joined(separator: "\n")
                + "\nUse the exact \(kind) files of the original batch (pass their folder with --resources)."
        case .reissueMismatch(let serial, let recorded, let rendered):
            return "refusing to re-issue \(serial): the rendered PDF has SHA-256 \(rendered), but the manifest records \(recorded). "
                + "Template and font files match the manifest, so the difference comes from the rendering software "
                + "(another ecert, Cairo, Pango, HarfBuzz or FreeType version). Re-issue on the machine or release that issued the batch."
        case .invalidShard(let text):
            return "--shard \"\(text)\": give K/N with whole numbers 1 ≤ K ≤ N, e.g. --shard 3/8 for the third of eight slices."
        case .mergeRefused(let path, let reason):
            return "\(path): \(reason)."
        case .invalidSignedFile(let path, let reason):
            return "\(path): \(reason). Nothing in it is used; restore the file as the issuer wrote it."
        case .untrustedSigner(let path, let keyID, let trusted):
            let list = trusted.isEmpty ? "no key was given" : "trusted: \(trusted.joined(separator: ", "))"
            return "\(path): signed by key \(keyID), which is not a trusted key (\(list)). Pass that issuer's public key with --pub, if you trust it."
        case .badSignature(let path, let what):
            return "\(path): signature does not verify (\(what)): the file was changed after signing. Nothing in it is used; restore it from the issuer."
        case .inconsistentSignedFile(let path, let problems):
            return "\(path): the signed contents do not hold together: \(problems.joined(separator: "; ")). Nothing in it is used."
        default:
            return jsonErrorDescription
        }
    }

    private var jsonErrorDescription: String? {
        switch self {
        case .invalidJSON(let path, let offset, let line, let keyPath, let reason):
            return "\(path), byte \(offset) (line \(line)), \(JSONKeyPath.describe(keyPath)): \(reason). "
                + "ecert reads strict JSON only (RFC 8259, I-JSON); restore the file ecert wrote or fix it there."
        case .duplicateJSONKey(let path, let key, let keyPath, let offset, let line):
            return "\(path), byte \(offset) (line \(line)): the key `\(key)` appears twice \(JSONKeyPath.describe(keyPath)). "
                + "A reader could take either value, so the file is refused; remove the repeated key or restore the file ecert wrote."
        case .jsonTypeMismatch(let path, let keyPath, let expected, let found):
            return "\(path): \(JSONKeyPath.describe(keyPath)) expected \(expected), found \(found). Restore the file ecert wrote or correct that value."
        case .missingJSONKey(let path, let keyPath, let key):
            return "\(path): the key `\(key)` is missing \(JSONKeyPath.describe(keyPath)); this file was written by an older ecert or edited."
        case .unknownJSONKey(let path, let keyPath, let key):
            return "\(path): unknown key `\(key)` \(JSONKeyPath.describe(keyPath)); this file was written by a newer ecert or edited. "
                + "Use a newer ecert, or remove the key."
        case .invalidJSONValue(let path, let keyPath, let reason):
            return "\(path): invalid value \(JSONKeyPath.describe(keyPath)): \(reason). Restore the file ecert wrote or correct that value."
        case .unencodableJSON(let keyPath, let reason):
            return "cannot write JSON \(JSONKeyPath.describe(keyPath)): \(reason); please report this."
        case .invalidPDFSigner(let path, let reason):
            return "\(path): \(reason). Give --sign-key KEY.pem --sign-cert CHAIN.pem (signer certificate first), e.g. made by `ecert keygen --x509`."
        case .pdfSigningFailed(let reason):
            return "cannot sign the PDF: \(reason); please report this."
        default:
            return deliveryErrorDescription
        }
    }
}
