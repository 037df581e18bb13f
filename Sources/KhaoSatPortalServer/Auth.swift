import Hummingbird
import KhaoSatPortal

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
        context.note.user = user.name
        return try await next(request, context)
    }
}

/// The session cookie → the account; without one, a page redirects to the login page.
struct SessionAuth: RouterMiddleware {
    static let cookie = "khaosat_phien"
    let portal: Portal

    func handle(_ request: Request, context: PortalContext, next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        guard let token = request.cookies[Self.cookie]?.value, let session = try portal.session(token: token) else {
            return .redirect(to: "/login", type: .found)
        }
        var context = context
        context.user = session.user
        context.session = session
        context.note.user = session.user.name
        return try await next(request, context)
    }

    static func cookie(_ token: String, maxAge: Int, secure: Bool) -> Cookie {
        Cookie(name: cookie, value: token, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }
}

/// Every form carries the session's token; a POST without the right one changes nothing.
func requireCSRF(_ sent: String?, _ context: PortalContext) throws {
    guard let expected = context.session?.csrf, let sent, sent == expected else {
        throw HTTPError(.forbidden, message: "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang rồi thử lại.")
    }
}
