import ECertCore
import Foundation
import Hummingbird
import NIOCore

/// The HTTP routes: each reads and checks its input, then calls one `AppSession` function.
package enum AppRoutes {
    /// Largest upload: a participant list or a background (bytes).
    package static let maxUpload = 20 << 20
    /// Largest signature or logo picture (the event file's own limit).
    package static let maxAsset = 4 << 20
    /// Largest JSON request (the event form, a column mapping).
    package static let maxJSON = 256 << 10

    package static func build(session: AppSession, token: String, port: ListeningPort) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: AppGuard(token: token, port: port, maxBody: maxUpload))
        router.get("/") { _, _ in AppResponse.bytes(Array(AppPage.html.utf8), type: "text/html; charset=utf-8") }
        router.get("/app.js") { _, _ in AppResponse.bytes(Array(AppPage.script.utf8), type: "text/javascript; charset=utf-8") }
        router.get("/app.css") { _, _ in AppResponse.bytes(Array(AppPage.style.utf8), type: "text/css; charset=utf-8") }
        router.get("/api/state") { _, _ in await AppResponse.run { try state(session) } }
        router.post("/api/event") { request, _ in
            await AppResponse.run {
                let form = try StrictJSON.decode(EventForm.self, fromBytes: try await body(request, limit: maxJSON), path: "event form")
                let event = try session.saveEvent(form)
                return AppResponse.json(.object([("saved", .string("event.yaml")), ("title", .string(event.title))]))
            }
        }
        router.put("/api/upload") { request, _ in
            await AppResponse.run {
                let isAsset = request.uri.queryParameters["kind"] == "asset"
                let url = try isAsset ? session.workspace.asset(named: try name(request)) : session.workspace.upload(named: try name(request))
                try FileOutput.writeAtomically(try await body(request, limit: isAsset ? maxAsset : maxUpload), to: url)
                // An asset is named by its path beside event.yaml, as the event file writes it.
                return AppResponse.json(.object([("name", .string(isAsset ? "assets/" + url.lastPathComponent : url.lastPathComponent))]))
            }
        }
        router.get("/api/preview.png") { request, _ in
            await AppResponse.run {
                let q = request.uri.queryParameters
                let png = try session.preview(template: q["template"].map(String.init) ?? "", name: q["name"].map(String.init) ?? "Nama Peserta")
                return AppResponse.bytes(png, type: "image/png")
            }
        }
        router.post("/api/check") { request, _ in
            await AppResponse.run {
                let asked = try StrictJSON.decode(ListRequest.self, fromBytes: try await body(request, limit: maxJSON), path: "check request")
                return try AppResponse.json(try session.check(list: asked.list, columns: asked.columns))
            }
        }
        router.post("/api/issue") { request, _ in
            await AppResponse.run {
                let asked = try StrictJSON.decode(ListRequest.self, fromBytes: try await body(request, limit: maxJSON), path: "issue request")
                try session.startIssue(list: asked.list, columns: asked.columns ?? [:])
                return AppResponse.json(.object([("started", .bool(true))]))
            }
        }
        router.get("/api/progress") { _, _ in await AppResponse.run { try AppResponse.json(session.progress.withLock { $0 }) } }
        router.get("/api/batch/:n/:file") { _, context in
            await AppResponse.run { try download(session, batch: context.parameters.get("n") ?? "", file: context.parameters.get("file") ?? "") }
        }
        router.get("/api/key-backup") { _, _ in
            await AppResponse.run {
                AppResponse.bytes(try BoundedFile.read(session.workspace.keyURL, limit: 64 << 10), type: "application/x-pem-file", download: "issuer.key")
            }
        }
        router.post("/api/verify") { request, _ in
            await AppResponse.run {
                try AppResponse.json(try session.verify(bytes: try await body(request, limit: maxUpload), name: try name(request)))
            }
        }
        return router
    }

    struct ListRequest: Codable {
        var list: String
        var columns: [String: String]?
    }

    static func name(_ request: Request) throws -> String {
        guard let name = request.uri.queryParameters["name"], !name.isEmpty else { throw AppError.badRequest("give the file name as ?name=…") }
        return String(name)
    }

    static func body(_ request: Request, limit: Int) async throws -> [UInt8] {
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw AppError.tooLarge(limit: limit)
        }
    }

    static func state(_ session: AppSession) throws -> Response {
        let key = try session.workspace.privateKey()
        var members: [(String, JSONValue)] = [
            ("keyID", .string(key.publicKey.keyIDHex)), ("keyCreated", .bool(session.workspace.keyCreated)),
            ("dataFolder", .string(session.workspace.root.path)),
            ("templates", .array(try session.resources.templateNames().map(JSONValue.string))),
        ]
        if let form = session.savedForm() { members.append(("event", try JCS.value(of: form))) }
        return AppResponse.json(.object(members))
    }

    /// The files of an issued batch the page offers.
    static func download(_ session: AppSession, batch: String, file: String) throws -> Response {
        let dir = try session.workspace.batch(named: batch)
        switch file {
        case "sertifikat.zip":
            return AppResponse.bytes(try BoundedFile.read(session.zipURL(dir), limit: 4 << 30), type: "application/zip", download: "sertifikat-\(batch).zip")
        case "cetak.pdf":
            return AppResponse.bytes(try BoundedFile.read(session.printURL(dir), limit: 4 << 30), type: "application/pdf", download: "cetak-\(batch).pdf")
        case "bundel.zip", "situs.zip":
            return AppResponse.bytes(try BoundedFile.read(session.sibling(dir, file), limit: 4 << 30), type: "application/zip", download: file.replacingOccurrences(of: ".zip", with: "-\(batch).zip"))
        case "links.csv":
            return AppResponse.bytes(try BoundedFile.read(dir.appendingPathComponent(DeliveryFiles.links), limit: 64 << 20), type: "text/csv; charset=utf-8", download: "links-\(batch).csv")
        case "rejected.csv":
            return AppResponse.bytes(try BoundedFile.read(dir.appendingPathComponent(Manifest.rejectedFileName), limit: 64 << 20), type: "text/csv; charset=utf-8", download: "ditolak-\(batch).csv")
        default:
            throw AppError.notFound("file \(file)")
        }
    }
}
