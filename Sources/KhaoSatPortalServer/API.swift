import Foundation
import Hummingbird
import KhaoSatPortal
import NIOCore
import NIOPosix

/// The request context: who is asking, once `BearerToken` has run.
public struct PortalContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var user: User?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        user = nil
    }
}

/// `Authorization: Bearer <token>` → the account; every API request must carry one.
struct BearerToken: RouterMiddleware {
    let portal: Portal

    func handle(_ request: Request, context: PortalContext, next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              let user = try portal.user(token: String(header.dropFirst(7))) else {
            throw HTTPError(.unauthorized, message: "Cần mã truy cập hợp lệ (Authorization: Bearer …).")
        }
        var context = context
        context.user = user
        return try await next(request, context)
    }
}

/// An upload as the API shows it (the report has its own address).
struct UploadBody: ResponseEncodable {
    var id: Int64
    var fileName: String
    var sha256: String
    var bytes: Int
    var uploadedAt: Date
    var status: String
    var replaces: Int64?
    var rows: Int
    var accepted: Int
    var setAside: Int
    var duplicates: Int
    var failure: String?

    init(_ u: Upload) {
        id = u.id; fileName = u.fileName; sha256 = u.sha256; bytes = u.bytes; uploadedAt = u.uploadedAt; status = u.status.rawValue
        replaces = u.replaces; rows = u.rows; accepted = u.accepted; setAside = u.setAside; duplicates = u.duplicates; failure = u.failure
    }
}

struct ListBody<Item: Encodable & Sendable>: ResponseEncodable { var items: [Item] }

struct BatchRequest: Decodable {
    var uploads: [Int64]
    var accept: Bool
    var comment: String
}

struct AuditBody: ResponseEncodable {
    var at: Date
    var actor: Int64?
    var action: String
    var target: String
    var detail: String
}

/// The JSON API under /api: the same capabilities the pages will have, for contractors' scripts.
public enum PortalAPI {
    public static func router(_ portal: Portal) -> Router<PortalContext> {
        let router = Router(context: PortalContext.self)
        let api = router.group("api").add(middleware: BearerToken(portal: portal))

        api.get("uploads") { _, context -> ListBody<UploadBody> in
            ListBody(items: try portal.uploads(visibleTo: context.user!).map(UploadBody.init))
        }
        api.post("uploads") { request, context -> EditedResponse<UploadBody> in
            var request = request
            let user = context.user!
            guard user.role == .contractor else { throw HTTPError(.forbidden, message: PortalError.notAllowed.description) }
            guard let name = request.uri.queryParameters["name"].map(String.init), !name.isEmpty else {
                throw HTTPError(.badRequest, message: "Thiếu tên tệp (?name=ten-tep.csv).")
            }
            let replaces = request.uri.queryParameters["replaces"].flatMap { Int64(String($0)) }
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: portal.maxUploadBytes)
            } catch {
                throw HTTPError(.contentTooLarge, message: PortalError.tooLarge(limit: portal.maxUploadBytes).description)
            }
            let data = Data(buffer.readableBytesView)
            // Validation reads the whole file: off the event loop.
            let upload = try await NIOThreadPool.singleton.runIfActive {
                try portal.upload(data, fileName: name, by: user, replacing: replaces)
            }
            return EditedResponse(status: .created, response: UploadBody(upload))
        }
        api.get("uploads/:id") { _, context -> UploadBody in
            UploadBody(try visible(portal, context))
        }
        api.get("uploads/:id/report") { _, context -> Response in
            let upload = try visible(portal, context)
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: upload.reportJSON)))
        }
        api.post("batches") { request, context -> HTTPResponse.Status in
            guard context.user!.role == .officer else { throw HTTPError(.forbidden, message: PortalError.notAllowed.description) }
            let batch = try await request.decode(as: BatchRequest.self, context: context)
            try portal.review(batch.uploads, accept: batch.accept, comment: batch.comment, by: context.user!)
            return .noContent
        }
        api.get("audit") { _, context -> ListBody<AuditBody> in
            guard context.user!.role != .contractor else { throw HTTPError(.forbidden, message: PortalError.notAllowed.description) }
            return ListBody(items: try portal.store.audit(limit: 1000).map {
                AuditBody(at: $0.at, actor: $0.actor, action: $0.action, target: $0.target, detail: $0.detail)
            })
        }
        return router
    }

    /// Another contractor's upload, or one that does not exist: 404 alike.
    private static func visible(_ portal: Portal, _ context: PortalContext) throws -> Upload {
        guard let id = context.parameters.get("id", as: Int64.self),
              let upload = try portal.upload(id: id, visibleTo: context.user!) else {
            throw HTTPError(.notFound, message: PortalError.notFound.description)
        }
        return upload
    }
}
