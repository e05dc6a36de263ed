import Foundation

extension DeliveryRun {
    /// What this run will do, for the plan printed before anything is sent.
    public struct Plan: Sendable, Equatable {
        public var pending: Int
        public var today: Int
        public var days: Int
        public var perDay: Int?
        public var uncertain: Int

        /// "12,003 messages at 2,000/day: 7 days; today 2,000".
        public var text: String {
            guard let perDay else { return "\(grouping(pending)) message(s) to send now" }
            return "\(grouping(pending)) message(s) at \(grouping(perDay))/day: \(days) day(s); today \(grouping(today))"
        }
    }

    /// Writes the initial `queued`/`skipped` lines the first time, then returns the plan.
    public func prepare(ledger: DeliveryLedger, now: Date) throws -> Plan {
        let new = batch.records.filter { ledger.statuses[$0.serial] == nil }
        let at = Timestamp.string(from: now)
        let reasons = Dictionary(skipped.map { ($0.serial, $0.reason) }, uniquingKeysWith: { a, _ in a })
        try ledger.append(new.map { record in
            DeliveryLedger.Entry(serial: record.serial, state: reasons[record.serial] == nil ? .queued : .skipped, at: at, attempt: 0,
                                 email: addresses[record.serial]?.text, messageID: nil, reply: reasons[record.serial], retryAt: nil)
        })
        let pending = pendingSerials(ledger).count
        let uncertain = ledger.statuses.values.filter { $0.state == .uncertain }.count
        let today = min(pending, remainingToday(ledger, now: now) ?? pending)
        let days = options.perDay.map { perDay in pending == 0 ? 0 : 1 + (max(0, pending - today) + perDay - 1) / perDay } ?? 1
        return Plan(pending: pending, today: today, days: days, perDay: options.perDay, uncertain: uncertain)
    }

    func pendingSerials(_ ledger: DeliveryLedger) -> [String] {
        batch.records.map(\.serial).filter { serial in
            guard let status = ledger.statuses[serial] else { return false }
            switch status.state {
            case .queued: return true
            case .deferred: return status.attempts < options.maxAttempts || status.last.attempt == 0
            case .uncertain: return options.resendUncertain
            default: return false
            }
        }
    }

    func remainingToday(_ ledger: DeliveryLedger, now: Date) -> Int? {
        options.perDay.map { max(0, $0 - ledger.startedPerDay[String(Timestamp.string(from: now).prefix(10)), default: 0]) }
    }

    /// Sends what is pending, retrying deferred messages while their back-off allows within
    /// `maxAttempts`; stops for the day at `--per-day`. Throws only when nothing more can be sent
    /// (login refused, server certificate rejected, ledger not writable).
    public func send(ledger: DeliveryLedger) throws {
        let records = Dictionary(batch.records.map { ($0.serial, $0) }, uniquingKeysWith: { a, _ in a })
        var queue = pendingSerials(ledger)
        while !queue.isEmpty {
            if let left = remainingToday(ledger, now: Date()), left == 0 {
                log("The per-day limit (\(options.perDay!)) is reached: \(queue.count) message(s) wait for tomorrow; run the same command again then.")
                return
            }
            let serial = nextSerial(&queue, ledger: ledger)
            try waitForTurn(ledger.statuses[serial]?.last.retryAt)
            try attempt(records[serial]!, ledger: ledger)
            if ledger.statuses[serial]?.state == .deferred, ledger.statuses[serial]!.attempts < options.maxAttempts { queue.append(serial) }
        }
    }

    /// The first serial whose back-off has passed, else the one due soonest.
    func nextSerial(_ queue: inout [String], ledger: DeliveryLedger) -> String {
        let now = Timestamp.string(from: Date())
        let due = queue.firstIndex { (ledger.statuses[$0]?.last.retryAt ?? "") <= now }
            ?? queue.indices.min { (ledger.statuses[queue[$0]]?.last.retryAt ?? "") < (ledger.statuses[queue[$1]]?.last.retryAt ?? "") }!
        return queue.remove(at: due)
    }

    /// Sleeps for the per-minute spacing and until `retryAt`.
    func waitForTurn(_ retryAt: String?) throws {
        var wait = 0.0
        if let perMinute = options.perMinute, let lastStart { wait = max(wait, 60.0 / Double(perMinute) - Date().timeIntervalSince(lastStart)) }
        if let retryAt, let due = ISO8601DateFormatter().date(from: retryAt) { wait = max(wait, due.timeIntervalSinceNow) }
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        lastStart = Date()
    }

    /// One SMTP transaction: `sending` on disk first, then the outcome.
    func attempt(_ record: ManifestRecord, ledger: DeliveryLedger) throws {
        let address = addresses[record.serial]!
        let number = (ledger.statuses[record.serial]?.attempts ?? 0) + 1
        func entry(_ state: DeliveryLedger.State, _ reply: String?, retryAt: String? = nil, messageID: String?) -> DeliveryLedger.Entry {
            .init(serial: record.serial, state: state, at: Timestamp.string(from: Date()), attempt: number, email: address.text,
                  messageID: messageID, reply: reply, retryAt: retryAt)
        }
        let mail: OutgoingMail
        do {
            mail = try composer.compose(record: record, to: address, delivery: try delivery(for: record), date: options.date ?? Date())
        } catch {
            try ledger.append([entry(.failed, "not sent: \(error.localizedDescription)", messageID: nil)])
            return
        }
        try ledger.append([entry(.sending, nil, messageID: mail.messageID)])
        let outcome: SendOutcome
        do { outcome = try transport.send(mail) } catch {
            try ledger.append([entry(.deferred, "not sent: \(error.localizedDescription)", messageID: mail.messageID)])
            throw ECertError.deliveryStopped(reason: error.localizedDescription)
        }
        try ledger.append([outcomeEntry(outcome, attempt: number, entry: { entry($0, $1, retryAt: $2, messageID: mail.messageID) })])
    }

    func outcomeEntry(_ outcome: SendOutcome, attempt: Int, entry: (DeliveryLedger.State, String?, String?) -> DeliveryLedger.Entry) -> DeliveryLedger.Entry {
        let retryAt = Timestamp.string(from: Date().addingTimeInterval(min(3600, options.retryDelay * pow(2, Double(attempt - 1)))))
        switch outcome {
        case .accepted(let reply): return entry(.sent, reply, nil)
        case .refused(let code, let reply) where (400..<500).contains(code): return entry(.deferred, reply, retryAt)
        case .refused(_, let reply): return entry(.failed, reply, nil)
        case .notSent(let reason): return entry(.deferred, reason, retryAt)
        case .uncertain(let reason): return entry(.uncertain, reason, nil)
        }
    }
}

/// 25000 → "25,000".
public func grouping(_ n: Int) -> String {
    let s = String(n)
    var out = ""
    for (k, c) in s.enumerated() {
        if k > 0, (s.count - k) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return out
}
