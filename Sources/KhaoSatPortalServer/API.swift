import Foundation
import Hummingbird
import KhaoSatExport
import KhaoSatPortal

/// Any Encodable value as a JSON response: the model types stay free of HTTP.
struct JSON<Value: Encodable & Sendable>: ResponseEncodable {
    var value: Value
    init(_ value: Value) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

struct ListBody<Item: Encodable & Sendable>: ResponseEncodable { var items: [Item] }

struct BatchRequest: Decodable {
    var uploads: [Int64]
    var accept: Bool
    var comment: String
    /// After a 409 naming overlaps: which upload counts for each pair, and `confirmed`.
    var choices: [Choice]?
    var confirmed: Bool?

    struct Choice: Decodable { var winner: Int64; var loser: Int64; var keepsRest: Bool }
}

/// The JSON API under /api: what the pages do, for contractors' scripts. docs/portal.md lists it.
enum PortalAPI {
    static func add(to router: Router<PortalContext>, _ portal: Portal) {
        let api = router.group("api").add(middleware: BearerToken(portal: portal))

        // ?limit= (1–1000, default 1000) and ?offset= page through the list, newest first.
        api.get("uploads") { request, context -> ListBody<Upload> in
            let limit = request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 1000
            let offset = request.uri.queryParameters["offset"].flatMap { Int(String($0)) } ?? 0
            guard (1...1000).contains(limit), offset >= 0 else {
                throw HTTPError(.badRequest, message: "limit nhận số từ 1 đến 1000, offset một số không âm.")
            }
            return ListBody(items: try portal.uploads(visibleTo: context.user!, limit: limit, offset: offset))
        }
        api.post("uploads") { request, context -> EditedResponse<JSON<Upload>> in
            let user = context.user!
            guard user.role == .contractor else { throw PortalError.notAllowed.http }
            guard let name = request.uri.queryParameters["name"].map(String.init), !name.isEmpty else {
                throw HTTPError(.badRequest, message: "Thiếu tên tệp (?name=ten-tep.csv).")
            }
            let replaces = request.uri.queryParameters["replaces"].flatMap { Int64(String($0)) }
            let writer = try portal.blobWriter()
            try await UploadBody.raw(request, into: writer)
            let upload = try await work(heavy: true) { try portal.upload(writer, fileName: name, by: user, replacing: replaces) }
            return EditedResponse(status: .created, response: JSON(upload))
        }
        api.get("uploads/:id") { _, context -> JSON<Upload> in
            JSON(try visibleUpload(portal, context))
        }
        api.get("uploads/:id/report") { _, context -> Response in
            let report = try portal.reportJSON(upload: try visibleUpload(portal, context).id, visibleTo: context.user!) ?? "{}"
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: report)))
        }
        api.get("uploads/:id/quarantine.csv") { _, context in try await quarantineFile(portal, context) }
        api.get("uploads/:id/original") { _, context in try await originalFile(portal, context) }
        api.post("batches") { request, context -> HTTPResponse.Status in
            guard context.user!.role == .officer else { throw PortalError.notAllowed.http }
            let batch = try await request.decode(as: BatchRequest.self, context: context)
            let choices = (batch.choices ?? []).map { OverlapChoice(winner: $0.winner, loser: $0.loser, keepsRest: $0.keepsRest) }
            try await work(heavy: true) {
                try portal.review(batch.uploads, accept: batch.accept, comment: batch.comment, by: context.user!, choices: choices,
                                  confirmed: batch.confirmed ?? false)
            }
            return .noContent
        }
        api.get("runs") { _, context -> ListBody<ConversionRecord> in
            let user = context.user!
            return ListBody(items: try await work { try portal.runs(visibleTo: user) })
        }
        // ?confirmed=1: convert although accepted uploads share ids with other answers and none was chosen.
        api.post("runs") { request, context -> EditedResponse<JSON<ConversionRecord>> in
            let user = context.user!
            let confirmed = request.uri.queryParameters["confirmed"] == "1"
            return EditedResponse(status: .created, response: JSON(try await work(heavy: true) { try portal.convert(by: user, confirmed: confirmed) }))
        }
        api.get("runs/:id") { _, context -> JSON<ConversionRecord> in
            JSON(try visibleRun(portal, context))
        }
        api.get("runs/:id/files/:name") { _, context in try await runFile(portal, context) }
        api.get("runs/:id/explain") { request, context -> String in
            try explanation(portal, context, request)
        }
        api.get("audit") { _, context -> ListBody<AuditEntry> in
            let user = context.user!
            return ListBody(items: try await work { try portal.audit(visibleTo: user) })
        }
    }
}

// What the API and the pages share: the 404 rules and the downloads.

/// Another contractor's upload, or one that does not exist: 404 alike.
func visibleUpload(_ portal: Portal, _ context: PortalContext) throws -> Upload {
    guard let id = context.parameters.get("id", as: Int64.self),
          let upload = try portal.upload(id: id, visibleTo: context.user!) else { throw PortalError.notFound.http }
    return upload
}

func visibleRun(_ portal: Portal, _ context: PortalContext) throws -> ConversionRecord {
    guard let id = context.parameters.get("id", as: Int64.self),
          let run = try portal.run(id: id, visibleTo: context.user!) else { throw PortalError.notFound.http }
    return run
}

func quarantineFile(_ portal: Portal, _ context: PortalContext) async throws -> Response {
    let id = try visibleUpload(portal, context).id, user = context.user!
    let name = "quarantine-u\(id).csv"
    switch try await work(heavy: true, { try portal.quarantine(upload: id, by: user)! }) {
    case .file(let path): return try await Download.file(path, as: name, context: context)
    case .bytes(let bytes): return Download.bytes(bytes, as: name)
    }
}

func originalFile(_ portal: Portal, _ context: PortalContext) async throws -> Response {
    let id = try visibleUpload(portal, context).id, user = context.user!
    let file = try await work { try portal.original(upload: id, by: user)! }
    return try await Download.stored(file.file, as: file.name, context: context)
}

func runFile(_ portal: Portal, _ context: PortalContext) async throws -> Response {
    let run = try visibleRun(portal, context)
    guard let name = context.parameters.get("name"),
          let path = try portal.runFile(run: run.id, name: name, by: context.user!) else { throw PortalError.notFound.http }
    return try await Download.file(path, as: name, context: context)
}

/// `khaosat explain` for one unit of a run, as text.
func explanation(_ portal: Portal, _ context: PortalContext, _ request: Request) throws -> String {
    let document = try portal.document(of: try visibleRun(portal, context))
    let criterion = request.uri.queryParameters["criterion"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    guard let code = request.uri.queryParameters["unit"].map(String.init),
          let unit = document.units.first(where: { $0.code == code }) else {
        throw HTTPError(.notFound, message: "Không có đơn vị này trong lượt quy đổi.")
    }
    // The portal's pages publish: small groups are not shown (`khaosat explain` on the Sở's machine shows all).
    return Explanation(unit: unit, groups: document.manifest.groupNames, publishMinimum: document.manifest.parameters.publishMinimum)
        .render(criterion: criterion)
}
