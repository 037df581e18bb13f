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
}

/// The JSON API under /api: the same capabilities the pages will have, for contractors' scripts.
public enum PortalAPI {
    public static func router(_ portal: Portal) -> Router<PortalContext> {
        let router = Router(context: PortalContext.self)
        let api = router.group("api").add(middleware: BearerToken(portal: portal))

        api.get("uploads") { _, context -> ListBody<Upload> in
            ListBody(items: try portal.uploads(visibleTo: context.user!))
        }
        api.post("uploads") { request, context -> EditedResponse<JSON<Upload>> in
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
            return EditedResponse(status: .created, response: JSON(upload))
        }
        api.get("uploads/:id") { _, context -> JSON<Upload> in
            JSON(try visible(portal, context))
        }
        api.get("uploads/:id/report") { _, context -> Response in
            let report = try portal.store.report(upload: try visible(portal, context).id) ?? "{}"
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: report)))
        }
        api.post("batches") { request, context -> HTTPResponse.Status in
            guard context.user!.role == .officer else { throw HTTPError(.forbidden, message: PortalError.notAllowed.description) }
            let batch = try await request.decode(as: BatchRequest.self, context: context)
            try portal.review(batch.uploads, accept: batch.accept, comment: batch.comment, by: context.user!)
            return .noContent
        }
        api.get("audit") { _, context -> ListBody<AuditEntry> in
            guard context.user!.role != .contractor else { throw HTTPError(.forbidden, message: PortalError.notAllowed.description) }
            return ListBody(items: try portal.store.audit(limit: 1000))
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
