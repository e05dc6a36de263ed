import ArgumentParser
import ECertCore
import Foundation

struct Templates: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the bundled templates with a one-line description.",
        discussion: "Choose one with `template: NAME` in the event file; try it with `ecert preview --template NAME --out p.png`.")

    @OptionGroup var resourceOptions: ResourceOptions

    func run() throws {
        do {
            let found = try resourceOptions.locate()
            let names = try found.templateNames()
            var broken = 0
            let width = names.map(\.count).max() ?? 0
            for name in names {
                let padded = name.padding(toLength: width, withPad: " ", startingAt: 0)
                do {
                    let template = try Template.load(from: found.templatesDirectory.appendingPathComponent(name))
                    let size = "\(Self.format(template.page.widthMM))×\(Self.format(template.page.heightMM)) mm"
                    print("\(padded)  \(template.description) (\(size))")
                } catch {
                    broken += 1
                    print("\(padded)  BROKEN: \(error.localizedDescription)")
                }
            }
            if broken > 0 { throw ExitCode.failure }
        } catch {
            throw fail(error)
        }
    }

    private static func format(_ mm: Double) -> String {
        mm == mm.rounded() ? String(Int(mm)) : String(format: "%.1f", mm)
    }
}
