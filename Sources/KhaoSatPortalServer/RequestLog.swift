import Foundation
import HTTPTypes
import Hummingbird
import KhaoSatCSV
import NIOConcurrencyHelpers

/// What the inner middleware learns about a request for the log line the outer one writes
/// (the context is passed down by value, so a box shared by both).
package final class RequestNote: Sendable {
    private let box = NIOLockedValueBox<String?>(nil)
    /// The account's name, once a session or a token has been accepted.
    var user: String? {
        get { box.withLockedValue { $0 } }
        set { box.withLockedValue { $0 = newValue } }
    }
}

/// Behind a reverse proxy every request comes from the proxy's address: from a trusted proxy
/// only, the client is the last address in `X-Forwarded-For` that is not itself a trusted proxy.
/// From anyone else the header is ignored, so it cannot dodge the login throttle or blur the audit log.
struct ClientAddress: RouterMiddleware {
    let trusted: Set<String>

    func handle(_ request: Request, context: PortalContext, next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        var context = context
        if trusted.contains(context.address), let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!] {
            let hops = forwarded.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if let client = hops.last(where: { !trusted.contains($0) && !$0.isEmpty }) {
                context.address = String(client.prefix(64))
            }
            if let id = request.headers[Self.requestID], id.wholeMatch(of: /[A-Za-z0-9._-]{1,64}/) != nil { context.requestID = id }
        }
        return try await next(request, context)
    }

    static let requestID = HTTPField.Name("X-Request-Id")!
}

/// One line per request on standard output, for journald: the time in Vietnam with its offset,
/// the request id (also sent back as `X-Request-Id`), the client, the account, the method, the
/// route pattern (never the query or an id's value beyond the path), the status and the time
/// until the answer began, in milliseconds.
package struct RequestLog: RouterMiddleware {
    let write: @Sendable (String) -> Void

    package func handle(_ request: Request, context: PortalContext, next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        let began = ContinuousClock.now
        var status = 500
        defer {
            let ms = (ContinuousClock.now - began).components
            let elapsed = ms.seconds * 1000 + ms.attoseconds / 1_000_000_000_000_000
            write("\(VietnamTime.iso(Date())) request=\(context.requestID) client=\(context.address) user=\(context.note.user ?? "-") "
                  + "method=\(request.method.rawValue) route=\(context.endpointPath ?? "-") status=\(status) ms=\(elapsed)")
        }
        var response = try await next(request, context)
        status = Int(response.status.code)
        response.headers[ClientAddress.requestID] = context.requestID
        return response
    }

    /// Whole lines, each in one `write`: lines of concurrent requests never interleave.
    package static let standardOutput: @Sendable (String) -> Void = { line in
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
