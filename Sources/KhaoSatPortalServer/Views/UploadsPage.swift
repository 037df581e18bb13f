import Foundation
import Hummingbird
import KhaoSatPortal

struct UploadsPage {
    var page: Chrome
    var uploads: [UploadRow]
    var canReview: Bool
    var maxMB: Int
    /// Page links, when there is more than one page.
    var pager: Pager?
    /// "chọn tất cả": every upload waiting for a decision is ticked.
    var allChecked = false
}

struct UploadRow {
    var id: Int64
    var fileName: String
    var owner: String
    var at: String
    var size: String
    var status: String
    var statusCode: String
    var rows: String
    var submissions: String
    var accepted: String
    var setAside: String
    var duplicates: String
    var replaces: Int64?
    var reviewable: Bool
    /// Ticked when the list is shown with "chọn tất cả" (an upload still waiting for a decision).
    var checked = false

    init(_ u: Upload, owner: String) {
        id = u.id; fileName = u.fileName; self.owner = owner; at = Label.time(u.uploadedAt); size = Label.bytes(u.bytes)
        status = Label.status(u.status); statusCode = u.status.rawValue
        (rows, submissions, accepted, setAside, duplicates) = (Label.count(u.rows), Label.count(u.submissions), Label.count(u.accepted),
                                                             Label.count(u.setAside), Label.count(u.duplicates))
        replaces = u.replaces; reviewable = u.status != .replaced
    }
}

/// Which page of a long list is shown, newest first, `size` rows a page.
struct Pager {
    static let size = 50
    var number: Int
    var count: Int
    var previous: Int?
    var next: Int?

    /// nil when everything fits on one page.
    init?(page: Int, total: Int) {
        count = max(1, (total + Self.size - 1) / Self.size)
        guard count > 1 else { return nil }
        number = min(max(page, 1), count)
        previous = number > 1 ? number - 1 : nil
        next = number < count ? number + 1 : nil
    }

    static func page(_ request: Request) -> Int { request.uri.queryParameters["trang"].flatMap { Int(String($0)) } ?? 1 }
    static func offset(page: Int) -> Int { (max(page, 1) - 1) * size }
}
