import Hummingbird
import KhaoSatPortal
import NIOCore
import NIOPosix

/// The request context: who is asking, once `BearerToken` or `SessionAuth` has run.
package struct PortalContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    package var user: User?
    /// Pages only: the browser's session, whose CSRF token every form carries.
    package var session: Session?
    /// The client's address, for the login throttle and the audit log (`ClientAddress` behind a trusted proxy).
    package var address: String
    /// Names this request in the log line and the `X-Request-Id` answer header.
    package var requestID = String(Portal.randomToken().prefix(16))
    package let note = RequestNote()

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "không rõ"
    }
}

extension PortalError {
    /// One mapping for pages and API alike.
    var status: HTTPResponse.Status {
        switch self {
        case .nameTaken, .badName, .weakPassword, .unusablePassword, .wrongPassword: return .badRequest
        case .tooLarge: return .contentTooLarge
        case .notFound: return .notFound
        case .notAllowed: return .forbidden
        case .tooManyAttempts: return .tooManyRequests
        case .nothingAccepted, .alreadyReplaced: return .conflict
        case .unreadable: return .unprocessableContent
        case .otherKey, .newerData: return .internalServerError
        case .overlaps: return .conflict
        }
    }

    var http: HTTPError { HTTPError(status, message: description) }
}

/// Runs `body` off the event loop and turns a `PortalError` into the HTTP error it stands for.
/// Short blocking work (bcrypt, a review) runs on NIO's shared pool; `heavy` work (validating
/// an upload, converting) on a pool of its own, one thread per core, the rest queued, so a
/// login never waits behind large uploads (docs/performance.md).
func work<T: Sendable>(heavy: Bool = false, _ body: @escaping @Sendable () throws -> T) async throws -> T {
    do {
        return try await (heavy ? heavyPool : NIOThreadPool.singleton).runIfActive(body)
    } catch let e as PortalError {
        throw e.http
    }
}

private let heavyPool: NIOThreadPool = {
    let pool = NIOThreadPool(numberOfThreads: System.coreCount)
    pool.start()
    return pool
}()
