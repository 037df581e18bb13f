import Foundation
import Hummingbird
import KhaoSatExport
import KhaoSatPortal
import KhaoSatQuestionnaire
import KhaoSatReport
import Mustache

/// The server-rendered pages (Vietnamese, Mustache templates in `Templates/`). Each handler
/// calls the same `Portal` methods as the API; only the shell differs.
struct Pages {
    let portal: Portal
    let templates: MustacheLibrary
    let jobs: Jobs

    func add(to router: Router<PortalContext>) {
        router.get("/") { _, _ in Response.redirect(to: "/uploads", type: .found) }
        router.get("login") { request, context in try loginPage(request, context) }
        // For the service manager and the proxy: no account, no personal data, only "ok" or what is wrong.
        router.get("healthz") { _, _ in try await health() }
        router.head("healthz") { _, _ in try await health() }
        router.post("login") { request, context in try await login(request, context) }

        let pages = router.group().add(middleware: SessionAuth(portal: portal))
        pages.post("logout") { request, context in try await logout(request, context) }
        pages.get("uploads") { request, context in
            try uploadsPage(Pager.page(request), context, allChecked: request.uri.queryParameters["chon"] == "tat-ca")
        }
        pages.post("uploads") { request, context in try await upload(request, context) }
        pages.get("uploads/:id") { _, context in try uploadPage(context) }
        pages.get("uploads/dang-kiem-tra/:job") { _, context in try progressPage(context, verb: "kiểm tra tệp", back: "/uploads") }
        pages.get("runs/dang-quy-doi/:job") { _, context in try progressPage(context, verb: "quy đổi", back: "/runs") }
        pages.get("uploads/:id/quarantine.csv") { _, context in try await quarantineFile(portal, context) }
        pages.get("uploads/:id/original") { _, context in try await originalFile(portal, context) }
        pages.post("batches") { request, context in try await review(request, context) }
        pages.get("runs") { _, context in try runsPage(context) }
        pages.post("runs") { request, context in try await convert(request, context) }
        pages.get("runs/:id") { request, context in try runPage(context, drawn: request.uri.queryParameters["mau"].flatMap { Int(String($0)) }) }
        pages.get("runs/:id/files/:name") { _, context in try await runFile(portal, context) }
        pages.post("runs/:id/backcheck/sample") { request, context in try await backcheckSample(request, context) }
        pages.post("runs/:id/backcheck/compare") { request, context in try await backcheckCompare(request, context) }
        pages.get("runs/:id/backcheck/:name") { _, context in try await backcheckFile(context) }
        pages.get("runs/:id/explain") { request, context -> Response in
            let run = try visibleRun(portal, context)
            return try render("text", TextPage(page: Chrome("Giải thích điểm", context), back: "/runs/\(run.id)",
                                                text: try explanation(portal, context, request)))
        }
        pages.get("runs/:id/content3.xlsx") { _, context -> Response in
            // The officers' workbook, made from the run's content3.json when asked (the run keeps the machine files).
            let run = try visibleRun(portal, context)
            let bytes = try ResultsWorkbook(run: try portal.document(of: run), ranking: nil).spreadsheet().bytes()
            return Download.bytes(bytes, as: "content3.xlsx")
        }
        pages.get("runs/:id/hoso") { request, context -> Response in
            // A unit's dossier as published (groups below publish_min_respondents hidden), printable as it is.
            let run = try visibleRun(portal, context)
            guard let code = request.uri.queryParameters["unit"].map(String.init),
                  let dossier = try UnitDossier.read(directory: try portal.runDirectory(run, unit: code, by: context.user!), unit: code) else {
                throw HTTPError(.notFound, message: "Không có đơn vị này trong lượt quy đổi.")
            }
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: dossier.html())))
        }
        pages.get("audit") { _, context in try auditPage(context) }
        pages.get("account") { _, context in try render("account", AccountPage(page: Chrome("Đổi mật khẩu", context))) }
        pages.post("account") { request, context in try await changePassword(request, context) }
        pages.get("accounts") { _, context in try accountsPage(context) }
        pages.get("van-hanh") { _, context in try await operationsPage(context) }
    }

    // MARK: Login

    private static let loginCookie = "khaosat_dang_nhap"

    /// The login form is not tied to a session yet: its CSRF token is a cookie the form repeats.
    private func loginPage(_ request: Request, _ context: PortalContext, message: String? = nil, name: String = "",
                           status: HTTPResponse.Status = .ok) throws -> Response {
        let token = Portal.randomToken()
        var response = try render("login", LoginPage(page: Chrome("Đăng nhập", context), csrf: token, message: message, name: name),
                                  status: status)
        response.setCookie(Cookie(name: Self.loginCookie, value: token, maxAge: 3600, path: "/login", secure: portal.behindHTTPS,
                                  httpOnly: true, sameSite: .strict))
        return response
    }

    struct LoginForm: Decodable { var name: String; var password: String; var csrf: String }

    private func login(_ request: Request, _ context: PortalContext) async throws -> Response {
        let form = try await decodeForm(LoginForm.self, request, context)
        guard let expected = request.cookies[Self.loginCookie]?.value, form.csrf == expected else {
            return try loginPage(request, context, message: "Biểu mẫu đã hết hạn. Hãy đăng nhập lại.", name: form.name, status: .forbidden)
        }
        let address = context.address
        let user: User?
        do {
            user = try await work { try portal.login(name: form.name, password: form.password, from: address) }
        } catch let e as HTTPError {
            return try loginPage(request, context, message: e.body, name: form.name, status: e.status)
        }
        guard let user else {
            return try loginPage(request, context, message: "Sai tên đăng nhập hoặc mật khẩu.", name: form.name, status: .unauthorized)
        }
        let (token, _) = try portal.startSession(for: user)
        var response = Response.redirect(to: user.role == .contractor || user.role == .officer ? "/uploads" : "/runs", type: .normal)
        response.setCookie(SessionAuth.cookie(token, maxAge: Int(portal.sessionLifetime), secure: portal.behindHTTPS))
        return response
    }

    struct CSRFForm: Decodable { var csrf: String }

    private func logout(_ request: Request, _ context: PortalContext) async throws -> Response {
        try requireCSRF(try await decodeForm(CSRFForm.self, request, context).csrf, context)
        if let token = request.cookies[SessionAuth.cookie]?.value { try portal.endSession(token: token, user: context.user!) }
        var response = Response.redirect(to: "/login", type: .normal)
        response.setCookie(SessionAuth.cookie("", maxAge: 0, secure: portal.behindHTTPS))
        return response
    }

    // MARK: Uploads

    private func uploadsPage(_ page: Int, _ context: PortalContext, allChecked: Bool = false) throws -> Response {
        let user = context.user!
        let names = try accountNames()
        let pager = Pager(page: page, total: try portal.uploadCount(visibleTo: user))
        let shown = try portal.uploads(visibleTo: user, limit: Pager.size, offset: Pager.offset(page: pager?.number ?? 1))
        return try render("uploads", UploadsPage(
            page: Chrome(user.role == .contractor ? "Tệp của tôi" : "Tệp tải lên", context),
            uploads: shown.map { u in
                var row = UploadRow(u, owner: names[u.owner] ?? "?")
                row.checked = allChecked && u.status == .submitted
                return row
            },
            canReview: user.role == .officer, maxMB: portal.maxUploadBytes / 1_000_000, pager: pager, allChecked: allChecked))
    }

    private func upload(_ request: Request, _ context: PortalContext) async throws -> Response {
        let user = context.user!
        guard user.role == .contractor else { throw PortalError.notAllowed.http }
        let writer = try portal.blobWriter()
        let form = try await UploadBody.multipart(request, into: writer) { try requireCSRF($0["csrf"], context) }
        let replaces = form.fields["replaces"].flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
        try await work { try portal.mayUpload(by: user, replacing: replaces) }
        // Received: the check runs on, and the contractor watches it on a page of its own.
        let job = jobs.start(owner: user.id, title: form.fileName)
        jobs.run(job) { [portal] progress in
            "/uploads/\(try portal.upload(writer, fileName: form.fileName, by: user, replacing: replaces, progress: progress).id)"
        }
        return .redirect(to: "/uploads/dang-kiem-tra/\(job)", type: .normal)
    }

    /// A job's page: its progress, refreshed every two seconds; once done, its result's page.
    private func progressPage(_ context: PortalContext, verb: String, back: String) throws -> Response {
        guard let id = context.parameters.get("job"), let job = jobs.job(id, owner: context.user!.id) else {
            throw HTTPError(.notFound, message: "Không còn lượt \(verb) này (máy chủ đã khởi động lại, hoặc đã quá một giờ). "
                + "Xem kết quả trong danh sách; nếu không có, hãy làm lại.")
        }
        switch job.state {
        case .done(let path):
            return .redirect(to: path, type: .found)
        case .running(let rows):
            var page = Chrome("Đang \(verb): \(job.title)", context)
            page.refresh = 2
            return try render("progress", ProgressPage(page: page, verb: verb, rows: Label.count(rows),
                                                       seconds: Int(Date().timeIntervalSince(job.started)), failed: nil, back: back))
        case .failed(let message):
            return try render("progress", ProgressPage(page: Chrome("Không \(verb) được: \(job.title)", context), verb: verb, rows: nil,
                                                       seconds: 0, failed: message, back: back), status: .unprocessableContent)
        }
    }

    private func uploadPage(_ context: PortalContext) throws -> Response {
        let upload = try visibleUpload(portal, context)
        let report = try portal.report(upload: upload.id, visibleTo: context.user!)!
        let owner = try accountNames()[upload.owner] ?? "?"
        return try render("upload", UploadPage(
            page: Chrome("Tệp u\(upload.id): \(upload.fileName)", context), upload: upload, owner: owner, report: report,
            canReplace: context.user!.role == .contractor && upload.status != .replaced, maxMB: portal.maxUploadBytes / 1_000_000))
    }

    struct BatchForm: Decodable { var csrf: String; var upload: [Int64]?; var decision: String; var comment: String; var confirmed: String? }

    private func review(_ request: Request, _ context: PortalContext) async throws -> Response {
        let text = try await formText(request)
        let form = try decodeForm(BatchForm.self, text)
        try requireCSRF(form.csrf, context)
        guard let ids = form.upload, !ids.isEmpty else {
            throw HTTPError(.badRequest, message: "Chưa chọn tệp nào. Hãy đánh dấu các tệp cần duyệt.")
        }
        let user = context.user!
        let choices = Self.overlapChoices(text)
        let outcome = try await work { () -> PortalError? in
            do { try portal.review(ids, accept: form.decision == "accept", comment: form.comment, by: user, choices: choices,
                                   confirmed: form.confirmed != nil) } catch let e as PortalError { return e }
            return nil
        }
        if case .overlaps(let found) = outcome {
            return try render("overlaps", OverlapsPage(page: Chrome("Các tệp có chung mã phiếu", context), ids: ids, comment: form.comment,
                                                       overlaps: found), status: .conflict)
        }
        if let outcome { throw outcome.http }
        return .redirect(to: "/uploads", type: .normal)
    }

    /// `chon-<a>-<b>` = the upload chosen for that pair (0: neither), `con-lai-<a>-<b>` = `giu`
    /// (the other keeps its other ids) or `bo` (the other is not accepted).
    static func overlapChoices(_ form: String) -> [OverlapChoice] {
        let fields = FormFields(form)
        return fields.pairs.compactMap { name, value in
            guard name.hasPrefix("chon-"), let winner = Int64(value), winner != 0 else { return nil }
            let pair = name.dropFirst(5).split(separator: "-").compactMap { Int64($0) }
            guard pair.count == 2, let loser = pair.first(where: { $0 != winner }), pair.contains(winner) else { return nil }
            return OverlapChoice(winner: winner, loser: loser, keepsRest: fields["con-lai-" + name.dropFirst(5)] != "bo")
        }
    }

    // MARK: Runs and audit

    private func runsPage(_ context: PortalContext, unresolved: [UploadOverlap] = []) throws -> Response {
        let user = context.user!
        let runs = try portal.runs(visibleTo: user)
        let names = try accountNames()
        let page = Chrome("Lượt quy đổi", context)
        return try render("runs", RunsPage(
            page: page, runs: runs.map { RunRowView($0, actor: names[$0.actor] ?? "?") },
            canConvert: user.role == .officer, acceptedCount: try portal.acceptedUploadCount(),
            unresolved: OverlapsPage(page: page, ids: [], comment: "", overlaps: unresolved).pairs), status: unresolved.isEmpty ? .ok : .conflict)
    }

    struct ConvertForm: Decodable { var csrf: String; var confirmed: String? }

    private func convert(_ request: Request, _ context: PortalContext) async throws -> Response {
        let form = try await decodeForm(ConvertForm.self, request, context)
        try requireCSRF(form.csrf, context)
        let user = context.user!
        guard user.role == .officer else { throw PortalError.notAllowed.http }
        let accepted = try portal.acceptedUploadCount()
        guard accepted > 0 else { throw PortalError.nothingAccepted.http }
        let confirmed = form.confirmed != nil
        if !confirmed {
            let unresolved = try await work(heavy: true) { try portal.unresolvedOverlaps() }
            if !unresolved.isEmpty { return try runsPage(context, unresolved: unresolved) }
        }
        let job = jobs.start(owner: user.id, title: "\(accepted) tệp đã chấp nhận")
        jobs.run(job) { [portal] progress in "/runs/\(try portal.convert(by: user, confirmed: confirmed, progress: progress).id)" }
        return .redirect(to: "/runs/dang-quy-doi/\(job)", type: .normal)
    }

    private func runPage(_ context: PortalContext, drawn: Int?) throws -> Response {
        let run = try visibleRun(portal, context)
        let actor = try accountNames()[run.actor] ?? "?"
        var page = RunPage(page: Chrome("Lượt quy đổi số \(run.id)", context), run: run, actor: actor,
                           document: try portal.document(of: run), backcheckFiles: portal.backcheckFiles(of: run, visibleTo: context.user!),
                           verdicts: portal.backcheckVerdicts(of: run), canBackcheck: context.user!.role == .officer,
                           losses: portal.overlapLosses(of: run))
        page.interviewers = RunPage.interviewers(fieldwork: portal.runTable(run, "quality-fieldwork.csv"))
        page.questionChoices = RunPage.questionChoices(portal.set)
        page.drawn = drawn.map(Label.count)
        return try render("run", page)
    }

    // MARK: Phúc tra

    struct SampleForm: Decodable { var csrf: String; var share: String; var seed: String }

    private func backcheckSample(_ request: Request, _ context: PortalContext) async throws -> Response {
        let text = try await formText(request)
        let form = try decodeForm(SampleForm.self, text)
        try requireCSRF(form.csrf, context)
        let run = try visibleRun(portal, context)
        guard let share = Decimals.parse(form.share), share > 0, share <= 1 else {
            throw HTTPError(.badRequest, message: "Tỷ lệ chọn mẫu phải là một số lớn hơn 0 và không quá 1, ví dụ 0.1.")
        }
        guard let seed = UInt64(form.seed.trimmingCharacters(in: .whitespaces)) else {
            throw HTTPError(.badRequest, message: "Hạt giống phải là một số nguyên không âm, ví dụ 2025.")
        }
        // The picker's boxes (`questions[]`), or names separated by commas (`questions`).
        let questions = FormFields(text).pairs.filter { $0.0 == "questions" || $0.0 == "questions[]" }
            .flatMap { $0.1.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let user = context.user!
        let drawn = try await work(heavy: true) { try portal.backcheckSample(run: run.id, share: share, seed: seed, questions: questions, by: user) }
        return .redirect(to: "/runs/\(run.id)?mau=\(drawn)#phuc-tra-mau", type: .normal)
    }

    private func backcheckCompare(_ request: Request, _ context: PortalContext) async throws -> Response {
        let run = try visibleRun(portal, context)
        let user = context.user!
        guard user.role == .officer else { throw PortalError.notAllowed.http }
        let writer = try portal.blobWriter()
        let form = try await UploadBody.multipart(request, into: writer) { try requireCSRF($0["csrf"], context) }
        let apply = form.fields["apply"] != nil
        _ = try await work(heavy: true) { try portal.backcheckCompare(run: run.id, writer, fileName: form.fileName, apply: apply, by: user) }
        return .redirect(to: "/runs/\(run.id)#phuc-tra", type: .normal)
    }

    private func backcheckFile(_ context: PortalContext) async throws -> Response {
        let run = try visibleRun(portal, context)
        guard let name = context.parameters.get("name"),
              let file = try await work({ [portal, user = context.user!] in try portal.backcheckFile(run: run.id, name: name, by: user) })
        else { throw PortalError.notFound.http }
        return try await Download.stored(file, as: name, context: context)
    }

    private func auditPage(_ context: PortalContext) throws -> Response {
        let lines = try portal.audit(visibleTo: context.user!)
        let names = try accountNames()
        return try render("audit", AuditPage(page: Chrome("Nhật ký", context), lines: lines.map {
            AuditPage.Line(id: $0.id, at: Label.time($0.at), actor: $0.actor.map { names[$0] ?? "?" } ?? "–", action: $0.action,
                           target: $0.target, detail: $0.detail)
        }))
    }

    private func health() async throws -> Response {
        let problems = try await work { portal.healthProblems() }
        return Response(status: problems.isEmpty ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
                         body: .init(byteBuffer: ByteBuffer(string: problems.isEmpty ? "ok\n" : problems.joined(separator: "\n") + "\n")))
    }

    // MARK: Accounts

    struct PasswordForm: Decodable { var csrf: String; var current: String; var new: String; var `repeat`: String }

    private func changePassword(_ request: Request, _ context: PortalContext) async throws -> Response {
        let form = try await decodeForm(PasswordForm.self, request, context)
        try requireCSRF(form.csrf, context)
        let page = Chrome("Đổi mật khẩu", context)
        guard form.new == form.repeat else {
            return try render("account", AccountPage(page: page, message: "Hai lần nhập mật khẩu mới không giống nhau."), status: .badRequest)
        }
        let user = context.user!
        do {
            try await work { try portal.changePassword(of: user, current: form.current, new: form.new) }
        } catch let e as HTTPError {
            return try render("account", AccountPage(page: page, message: e.body), status: e.status)
        }
        var response = Response.redirect(to: "/login", type: .normal)
        response.setCookie(SessionAuth.cookie("", maxAge: 0, secure: portal.behindHTTPS))
        return response
    }

    private func accountsPage(_ context: PortalContext) throws -> Response {
        let accounts = try portal.accounts(visibleTo: context.user!)
        return try render("accounts", AccountsPage(page: Chrome("Tài khoản", context), accounts: accounts.map {
            AccountsPage.Row(name: $0.name, role: Label.role($0.role), created: Label.time($0.createdAt), disabled: $0.disabledAt.map(Label.time))
        }))
    }

    /// For officers: what the data takes on disk, what is free, and what /healthz would say.
    private func operationsPage(_ context: PortalContext) async throws -> Response {
        guard context.user!.role == .officer else { throw PortalError.notAllowed.http }
        let (usage, free, problems) = try await work { (portal.dataFolder.usage(), portal.dataFolder.freeBytes(), portal.healthProblems()) }
        return try render("operations", OperationsPage(
            page: Chrome("Vận hành", context),
            rows: usage.map { OperationsPage.Row(name: $0.name, files: Label.count($0.files), size: Label.bytes($0.bytes)) },
            free: free.map(Label.bytes) ?? "không rõ", problems: problems, version: "KhaoSat \(Version.khaosat)"))
    }

    // MARK: Rendering

    /// Account id → name, for the owner, actor and author columns.
    private func accountNames() throws -> [Int64: String] {
        Dictionary(uniqueKeysWithValues: try portal.users().map { ($0.id, $0.name) })
    }

    func render(_ template: String, _ view: Any, status: HTTPResponse.Status = .ok) throws -> Response {
        guard let html = templates.render(view, withTemplate: template) else {
            throw HTTPError(.internalServerError, message: "Thiếu mẫu trang \(template).")
        }
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    private func decodeForm<T: Decodable>(_ type: T.Type, _ request: Request, _ context: PortalContext) async throws -> T {
        try decodeForm(type, try await formText(request))
    }

    private func formText(_ request: Request) async throws -> String {
        String(buffer: try await request.body.collect(upTo: 64 * 1024))
    }

    private func decodeForm<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        do {
            return try URLEncodedFormDecoder().decode(type, from: text)
        } catch {
            throw HTTPError(.badRequest, message: "Biểu mẫu thiếu trường hoặc sai dạng. Hãy tải lại trang rồi thử lại.")
        }
    }
}

/// Errors on a page become a Vietnamese page; the API keeps its JSON errors.
struct ErrorPages: RouterMiddleware {
    let pages: Pages

    func handle(_ request: Request, context: PortalContext, next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error where !request.uri.path.hasPrefix("/api/") {
            // Outside the pages' group the account is not known yet: the error page still shows the navigation.
            var context = context
            if context.user == nil, let token = request.cookies[SessionAuth.cookie]?.value, let session = try? pages.portal.session(token: token) {
                (context.user, context.session) = (session.user, session)
            }
            let http = error as? HTTPError ?? (error as? PortalError)?.http ?? HTTPError(.internalServerError)
            let message = http.body ?? (http.status == .notFound ? PortalError.notFound.description : "Lỗi máy chủ. Xin thử lại; nếu vẫn lỗi, báo cho Sở Nội vụ.")
            return try pages.render("error", ErrorPage(page: Chrome("Lỗi \(http.status.code)", context), status: http.status.code,
                                                       message: message), status: http.status)
        }
    }
}

/// The portal over HTTP: pages and the JSON API on one router.
package enum PortalServer {
    package static func router(_ portal: Portal, log: @escaping @Sendable (String) -> Void = RequestLog.standardOutput) async throws -> Router<PortalContext> {
        try await router(portal, log: log, jobs: Jobs())
    }

    static func router(_ portal: Portal, log: @escaping @Sendable (String) -> Void, jobs: Jobs) async throws -> Router<PortalContext> {
        let directory = Bundle.module.resourcePath! + "/Templates"
        let pages = Pages(portal: portal, templates: try await MustacheLibrary(directory: directory), jobs: jobs)
        let router = Router(context: PortalContext.self)
        router.add(middleware: ClientAddress(trusted: portal.trustedProxies))
        router.add(middleware: RequestLog(write: log))
        router.add(middleware: SecurityHeaders(behindHTTPS: portal.behindHTTPS))
        router.add(middleware: ErrorPages(pages: pages))
        PortalAPI.add(to: router, portal)
        pages.add(to: router)
        return router
    }
}
