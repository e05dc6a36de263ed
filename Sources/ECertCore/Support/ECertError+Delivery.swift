extension ECertError {
    var deliveryErrorDescription: String? {
        switch self {
        case .invalidSMTPSettings(let path, let reason):
            return "\(path): \(reason). See docs/DELIVERY.md for the keys of smtp.yaml."
        case .invalidMailTemplate(let path, let reason):
            return "\(path): \(reason)."
        case .invalidLedger(let path, let line, let reason):
            return "\(path), line \(line): \(reason). The ledger is ecert's record of what was sent; restore it from a backup, or move it away only if no message of this batch was sent yet."
        case .deliveryStopped(let reason):
            return "sending stopped: \(reason)"
        default:
            return nil
        }
    }
}
