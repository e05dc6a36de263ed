import Foundation

/// Failures from the C libraries, turned into messages a user can act on.
public enum RenderError: LocalizedError, Equatable {
    case fontsNotLoaded(directory: String)
    case fontMissing(family: String, directory: String)
    case cairo(operation: String, status: String)
    case qrEncodingFailed(length: Int, reason: String)
    case textDoesNotFit(text: String, box: String)
    case imageNotLoaded(path: String, reason: String)
    case unreadableInput(path: String, reason: String)
    case qrDecodingFailed(reason: String)
    /// Cairo wrote a PDF the fixed-layer splicer does not understand.
    case unexpectedPDF(offset: Int, reason: String)
    /// libcurl could not talk to the SMTP server in a way that lets the run go on.
    case smtp(server: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .fontsNotLoaded(let dir):
            return "no usable font files in \(dir); it must hold the .ttf/.otf files shipped with ecert"
        case .fontMissing(let family, let dir):
            return "the template asks for font \"\(family)\", which is not in \(dir); add its .ttf/.otf file there or change the template's font"
        case .cairo(let operation, let status):
            return "Cairo failed to \(operation): \(status)"
        case .qrEncodingFailed(let length, let reason):
            return "cannot make a QR code from \(length) characters: \(reason)"
        case .imageNotLoaded(let path, let reason):
            return "\(path): \(reason); export the file again from your design tool or use another PNG, JPEG, SVG or one-page PDF"
        case .textDoesNotFit(let text, let box):
            return "text \"\(text.prefix(40))…\" cannot fit its box \(box) even at the smallest size; enlarge the box"
        case .unreadableInput(let path, let reason):
            return "\(path): \(reason)"
        case .qrDecodingFailed(let reason):
            return "cannot decode QR codes: \(reason)"
        case .smtp(let server, let reason):
            return "SMTP \(server): \(reason)"
        case .unexpectedPDF(let offset, let reason):
            return "Cairo wrote a PDF that ecert cannot combine with the fixed page layer (byte \(offset): \(reason)); please report it with the output of `pkg-config --modversion cairo`"
        }
    }
}
