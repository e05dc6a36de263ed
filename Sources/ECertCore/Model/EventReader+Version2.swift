import Foundation
import Yams

extension EventReader {
    /// The key: value pairs of a mapping, refusing keys outside `allowed`.
    func members(_ node: Node, _ key: String, allowed: [String]?) throws -> [(String, Node)] {
        guard let mapping = node.mapping else { throw fail("\"\(key)\" must be a list of key: value lines") }
        return try mapping.map { k, v in
            let name = k.string ?? "\(k)"
            if let allowed, !allowed.contains(name) {
                throw fail("\(key): unknown key \"\(name)\"; allowed: \(allowed.joined(separator: ", "))")
            }
            return (name, v)
        }
    }

    func signatories(_ node: Node) throws -> [Signatory] {
        guard let items = node.sequence, (1...3).contains(items.count) else {
            throw fail("signatories must be a list of one to three entries, each \"- name: …\" with position (and optional nip, signature, place_date)")
        }
        return try items.enumerated().map { k, item in
            let label = "signatories #\(k + 1)"
            var v: [String: String] = [:]
            for (key, value) in try members(item, label, allowed: Self.signatoryKeys) { v[key] = try scalar(value, "\(label) \(key)") }
            for key in ["name", "position"] where (v[key] ?? "").isEmpty { throw fail("\(label) has no \(key); add \"\(key): …\"") }
            for (key, text) in v { try checkText(text, "\(label) \(key)") }
            return Signatory(name: v["name"]!, position: v["position"]!, nip: v["nip"].flatMap { $0.isEmpty ? nil : $0 },
                             signature: try v["signature"].map { try asset($0, "\(label) signature") },
                             placeDate: v["place_date"])
        }
    }

    func logos(_ node: Node) throws -> EventLogos {
        var logos = EventLogos()
        for (key, value) in try members(node, "logos", allowed: ["left", "right"]) {
            let file = try asset(try scalar(value, "logos \(key)"), "logos \(key)")
            if key == "left" { logos.left = file } else { logos.right = file }
        }
        return logos
    }

    /// Issue refuses a program whose hours do not add up to the event's: the page would contradict the certificate.
    func program(_ node: Node, total: Int?) throws -> [ProgramTopic] {
        guard let items = node.sequence, !items.isEmpty, items.count <= 40 else {
            throw fail("program must be a list of 1 to 40 topics, each \"- topic: …\" with \"hours: N\"")
        }
        let topics = try items.enumerated().map { k, item in
            var v: [String: String] = [:]
            for (key, value) in try members(item, "program #\(k + 1)", allowed: ["topic", "hours"]) { v[key] = try scalar(value, "program #\(k + 1) \(key)") }
            guard let topic = v["topic"], !topic.isEmpty, let h = v["hours"] else { throw fail("program #\(k + 1) needs topic: … and hours: N") }
            try checkText(topic, "program #\(k + 1) topic")
            return ProgramTopic(topic: topic, hours: try hours(h, "program #\(k + 1) hours"))
        }
        guard let total else { throw fail("a program needs the event's total \"hours: N\" (the JP its topics add up to)") }
        let sum = topics.reduce(0) { $0 + $1.hours }
        guard sum == total else {
            throw fail("the program's topics add up to \(sum) JP but hours is \(total); fix the topics' hours or the total")
        }
        return topics
    }

    func fields(_ node: Node) throws -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in try members(node, "fields", allowed: nil) {
            guard !key.isEmpty, !key.contains("{"), !key.contains("}") else { throw fail("fields: \"\(key)\" cannot be a field name") }
            let text = try scalar(value, "fields \(key)")
            try checkText(text, "fields \(key)")
            out[key] = text
        }
        return out
    }

    func roles(_ node: Node) throws -> [String: RoleSpec] {
        var out: [String: RoleSpec] = [:]
        for (key, value) in try members(node, "roles", allowed: nil) {
            guard let role = CertificateRole(word: key) else {
                throw fail("roles: \"\(key)\" is not a role ecert knows; use one of \(CertificateRole.allWords)")
            }
            guard out[role.word] == nil else { throw fail("roles: \"\(key)\" is declared twice (as \(role.word)); keep one") }
            var spec = RoleSpec()
            for (k, v) in try members(value, "roles \(key)", allowed: Self.roleKeys) {
                let text = try scalar(v, "roles \(key) \(k)")
                if k == "hours" { spec.hours = try hours(text, "roles \(key) hours") } else {
                    try checkText(text, "roles \(key) text")
                    spec.text = text
                }
            }
            out[role.word] = spec
        }
        return out
    }

    /// A signature or logo file beside the event file: a relative path inside its folder, SVG or
    /// PNG (JPEG too), read and hashed now so the signed header pins the picture.
    func asset(_ file: String, _ key: String) throws -> EventAsset {
        guard !file.isEmpty, !file.hasPrefix("/"), !file.split(separator: "/").contains("..") else {
            throw fail("\(key) \"\(file)\" must be a path inside the event file's folder (no leading / and no ..); copy the file there")
        }
        guard let directory else { throw fail("\(key) names a file, but this event has no folder to read it from") }
        guard let kind = Template.imageKind(ofFile: file), [.svg, .png, .jpeg].contains(kind) else {
            throw fail("\(key) \"\(file)\" is not an SVG, PNG or JPEG file")
        }
        let url = directory.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw fail("\(key): file \"\(file)\" not found in \(directory.path); put it there or fix the name")
        }
        let bytes = try BoundedFile.read(url, limit: Self.maxAssetBytes)
        return EventAsset(file: file, sha256: Digest256.sha256Hex(bytes))
    }
}
