import HTTPTypes
import Hummingbird

/// The headers every answer carries, pages, API answers, downloads and errors alike: no script
/// may run (the pages have none), no other site may frame a page, no type is guessed, no
/// referrer leaves, and nothing is cached (every answer but the login page is someone's data).
struct SecurityHeaders: RouterMiddleware {
    static let headers: [(HTTPField.Name, String)] = [
        (HTTPField.Name("Content-Security-Policy")!,
         "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
        (.cacheControl, "no-store"),
    ]
    /// Behind HTTPS, browsers are also told never to come back over plain HTTP.
    var behindHTTPS = false

    func handle(_ request: Request, context: PortalContext, next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        for (name, value) in Self.headers { response.headers[name] = value }
        if behindHTTPS { response.headers[HTTPField.Name("Strict-Transport-Security")!] = "max-age=31536000" }
        return response
    }
}
