import ArgumentParser
import ECertCore
import Foundation

/// `--column ROLE=HEADER` values as a map; roles: name, id, email, school, district, province.
func columnOverrides(_ items: [String]) throws -> [String: String] {
    var map: [String: String] = [:]
    for item in items {
        let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, ColumnMapping.roles.contains(parts[0].lowercased()) else {
            throw ValidationError("--column takes ROLE=HEADER with ROLE one of \(ColumnMapping.roles.joined(separator: ", ")), e.g. --column name=\"Nama Guru\"; got \"\(item)\"")
        }
        map[parts[0].lowercased()] = parts[1]
    }
    return map
}

extension NameCase: ExpressibleByArgument {}

func printWarning(_ text: String) {
    printError("ecert: warning: \(text)")
}

func grouped(_ n: Int) -> String {
    let s = String(n)
    var out = ""
    for (k, c) in s.enumerated() {
        if k > 0, (s.count - k) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return out
}
