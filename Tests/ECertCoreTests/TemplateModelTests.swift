import ECertCore
import Foundation
import Testing

@Suite("template model")
struct TemplateModelTests {
    func load(_ yaml: String, files: [String] = []) throws -> Template {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tpl-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(yaml.utf8).write(to: dir.appendingPathComponent("template.yaml"))
        for file in files { try Data("x".utf8).write(to: dir.appendingPathComponent(file)) }
        return try Template.load(from: dir)
    }

    func yaml(page: String, extra: String = "") -> String {
        "version: 1\ndescription: t\npage: \(page)\n\(extra)elements:\n  - type: qr\n    box: [10, 10, 30, 30]\n"
    }

    @Test func pagePresetsAndOrientation() throws {
        #expect(try load(yaml(page: "{size: A4}")).page == .init(widthMM: 210, heightMM: 297))
        #expect(try load(yaml(page: "{size: a4, orientation: landscape}")).page == .init(widthMM: 297, heightMM: 210))
        #expect(try load(yaml(page: "{size: Letter, orientation: portrait}")).page == .init(widthMM: 215.9, heightMM: 279.4))
        #expect(try load(yaml(page: "{width_mm: 148, height_mm: 105}")).page == .init(widthMM: 148, heightMM: 105))
    }

    @Test(arguments: [
        ("{size: A3}", "page size \"A3\" is unknown"),
        ("{size: A4, orientation: sideways}", "orientation \"sideways\" is unknown"),
        ("{size: A4, width_mm: 200}", "not both"),
        ("{width_mm: 200}", "page needs size"),
        ("{width_mm: 20, height_mm: 20}", "50–1000 mm"),
        ("{size: A4, bleed: 3}", "unknown key \"bleed\""),
    ])
    func badPagesAreRefused(_ page: String, _ message: String) throws {
        let error = #expect(throws: ECertError.self) { try load(yaml(page: page)) }
        #expect(error?.localizedDescription.contains(message) == true, "\(error?.localizedDescription ?? "")")
        #expect(error?.localizedDescription.contains("template.yaml") == true)
    }

    @Test func backgroundAndImagesAreResolvedInTheTemplateFolder() throws {
        let template = try load(yaml(page: "{size: A4}", extra: "background: bg.JPG\n")
            + "  - type: image\n    source: logo.svg\n    box: [50, 10, 20, 20]\n", files: ["bg.JPG", "logo.svg"])
        #expect(template.background == "bg.JPG")
        #expect(Template.imageKind(ofFile: "bg.JPG") == .jpeg)
        #expect(template.resolve("logo.svg").path == template.directory!.appendingPathComponent("logo.svg").path)
        #expect(template.elements[1].type == .image)
    }

    @Test func alignmentAcceptsStartAndEnd() throws {
        let template = try load(yaml(page: "{size: A4}") + "  - type: text\n    text: \"{name}\"\n    box: [10, 50, 100, 20]\n    size: 20\n    align: start\n")
        #expect(template.elements[1].align == .start)
    }
}
