import ECertCore
import Foundation
import Testing

@Suite("long names")
struct LongNameTests {
    /// A 200-character name with titles must stay inside the name box (25–272 mm across), measured
    /// on the PDF's word boxes as pdftotext reports them.
    @Test func twoHundredCharacterNameStaysInsideItsBox() throws {
        let dir = try E2E.temporaryDirectory()
        let base = "Prof. Dr. Dra. Hj. Raden Ajeng Siti Nurhaliza Kusumawardhani Purnamasari Wijayakusuma Sastrodiningrat Mangkunegara"
        let long = base + " Hadiningrat Cakraningrat Tjokroaminoto Suryadiningrat Kusumobroto Wiryodiningrat"
        let name = String(long.prefix(186)) + ", S.Pd., M.Pd."
        #expect(name.count == 200)
        let list = dir.appendingPathComponent("list.csv")
        try Data("Nama Lengkap,NUPTK\n\"\(name)\",0012345678901234\n".utf8).write(to: list)
        let (key, _) = try E2E.keyPair(in: dir)
        let out = dir.appendingPathComponent("out")
        let result = try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", out.path])
        #expect(result.status == 0, "\(result.output)")
        let manifest = try E2E.loadBatch(out.appendingPathComponent("manifest.json"))
        #expect(manifest.records[0].participantID == "0012345678901234")
        let pdf = out.appendingPathComponent(manifest.records[0].file)
        #expect(E2E.collapseWhitespace(try E2E.text(ofPDF: pdf)).contains(name))

        let html = try E2E.run("pdftotext", ["-bbox", pdf.path, "-"]).stdout
        let pointsPerMM = 72.0 / 25.4
        let nameWords = Set(name.split(separator: " ").map(String.init))
        var checked = 0
        for line in html.split(separator: "\n") where line.contains("<word") {
            guard let word = line.split(separator: ">").dropFirst().first?.split(separator: "<").first.map(String.init),
                  nameWords.contains(word), let xMin = attribute("xMin", in: line), let xMax = attribute("xMax", in: line),
                  let yMin = attribute("yMin", in: line), let yMax = attribute("yMax", in: line), yMin > 60 * pointsPerMM, yMax < 100 * pointsPerMM
            else { continue }
            checked += 1
            #expect(xMin >= 25 * pointsPerMM - 0.5 && xMax <= 272 * pointsPerMM + 0.5, "\(word) crosses the box: \(xMin)…\(xMax)")
            #expect(yMin >= 69 * pointsPerMM - 2 && yMax <= 95 * pointsPerMM + 2, "\(word) crosses the box vertically: \(yMin)…\(yMax)")
        }
        #expect(checked >= nameWords.count - 2, "only \(checked) words of the name were found")
    }

    private func attribute(_ name: String, in line: Substring) -> Double? {
        guard let range = line.range(of: "\(name)=\"") else { return nil }
        return Double(line[range.upperBound...].prefix { $0 != "\"" })
    }
}
