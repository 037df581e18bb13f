import Foundation

/// What an account may do; see docs/portal.md.
package enum Role: String, Sendable, Codable, CaseIterable {
    /// Uploads files and sees only its own uploads.
    case contractor
    /// Sở Nội vụ: sees every upload, accepts or rejects, converts, downloads.
    case officer
    /// Read-only: runs, manifests, the audit log, downloads.
    case auditor
}

package struct User: Sendable, Codable, Equatable {
    package var id: Int64
    package var name: String
    package var role: Role
    package var passwordHash: String
    package var createdAt: Date
    /// A disabled account signs in no more, and its sessions and tokens are refused; kept, never deleted.
    package var disabledAt: Date? = nil
}

package enum UploadStatus: String, Sendable, Codable {
    /// Stored and validated, waiting for an officer.
    case submitted
    case accepted
    case rejected
    /// A corrected version was uploaded; kept, never deleted.
    case replaced
}

package struct Upload: Sendable, Codable, Equatable {
    package var id: Int64
    package var owner: Int64
    /// The name the contractor gave; shown, never used as a path.
    package var fileName: String
    package var sha256: String
    package var bytes: Int
    package var uploadedAt: Date
    package var status: UploadStatus
    /// The upload this one replaced, if any.
    package var replaces: Int64?
    /// Rows read, and the submissions they hold (a Google grid row rates several units):
    /// submissions = accepted + set aside + duplicates, as `khaosat validate` prints them.
    package var rows: Int
    package var submissions: Int
    package var accepted: Int
    package var setAside: Int
    package var duplicates: Int
    /// The blob stored now, when it is no longer the original: a copy with personal values
    /// replaced by their pseudonyms (`privacy purge`, `privacy erase`).
    package var stored: String? = nil
    /// When `privacy purge` replaced the original by its pseudonymised copy.
    package var purgedAt: Date? = nil
    /// Set when an officer chose this upload's versions of ids it shares with others; of two
    /// preferred uploads the higher prevails (the later choice).
    package var preference: Int? = nil

    /// The SHA-256 of the bytes stored now.
    package var storedSHA256: String { stored ?? sha256 }
}

/// One line of the append-only audit log.
package struct AuditEntry: Sendable, Codable, Equatable {
    package var id: Int64
    package var at: Date
    /// The account, or nil for an unknown one (a failed login names what was typed in `detail`).
    package var actor: Int64?
    package var action: String
    package var target: String
    package var detail: String
}

/// An API token as the store knows it (the token itself is never kept, only its SHA-256).
package struct APIToken: Sendable, Equatable {
    package var id: Int64
    package var user: Int64
    package var userName: String
    package var createdAt: Date
    package var expiresAt: Date
    package var lastUsedAt: Date?
    package var revokedAt: Date?

    /// "hiệu lực", "đã thu hồi" or "hết hạn" at `now`.
    package func state(at now: Date) -> String {
        revokedAt != nil ? "đã thu hồi" : expiresAt <= now ? "hết hạn" : "hiệu lực"
    }
}

/// A signed-in browser: the cookie carries a random token, the store keeps its SHA-256.
package struct Session: Sendable, Equatable {
    package var user: User
    /// Every form of this session carries it; a POST without it is refused.
    package var csrf: String
    package var expiresAt: Date
}

/// One conversion over the accepted uploads. Its files live in `runs/<folder>/`, named by
/// the SHA-256 of its `content3.json`, like the uploads' originals.
package struct ConversionRecord: Sendable, Codable, Equatable {
    package var id: Int64
    package var at: Date
    package var actor: Int64
    package var uploads: [Int64]
    package var folder: String
    package var rows: Int
    package var submissions: Int
    package var accepted: Int
    package var setAside: Int
    package var duplicates: Int
}

/// Errors with a Vietnamese message for the pages and the JSON API.
package enum PortalError: Error, Equatable, CustomStringConvertible {
    case otherKey(data: String, given: String)
    case nameTaken(String)
    case badName(String)
    case weakPassword
    case unusablePassword
    case tooLarge(limit: Int)
    case notFound
    case notAllowed
    case tooManyAttempts(minutes: Int)
    case nothingAccepted
    case unreadable(String)
    /// Replaced uploads are history: neither reviewed nor replaced again.
    case alreadyReplaced(Int64)
    case wrongPassword
    /// The database was migrated by a newer KhaoSat (these migrations are unknown here).
    case newerData([String])
    /// Uploads to be accepted (or converted) together carry the same submission ids: the officer decides first.
    case overlaps([UploadOverlap])

    package var description: String {
        switch self {
        case .nameTaken(let n): return "Tên tài khoản \"\(n)\" đã có."
        case .badName(let n): return "Tên tài khoản \"\(n)\" không hợp lệ: chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới (3–64 ký tự)."
        case .weakPassword: return "Mật khẩu cần ít nhất 12 ký tự, trong đó ít nhất 8 ký tự không phải dấu cách."
        case .unusablePassword: return "Mật khẩu dài quá 72 byte (bcrypt bỏ qua phần sau) hoặc có ký tự NUL: hãy chọn mật khẩu khác."
        case .tooLarge(let limit):
            return "Tệp lớn hơn giới hạn " + (limit >= 1_000_000 ? "\(limit / 1_000_000) MB" : "\(limit) byte") + ". Hãy chia tệp rồi tải từng phần."
        case .notFound: return "Không tìm thấy."
        case .notAllowed: return "Tài khoản này không được làm việc này."
        case .tooManyAttempts(let m): return "Đăng nhập sai quá nhiều lần. Hãy thử lại sau \(m) phút."
        case .otherKey(let data, let given):
            return "Dữ liệu của cổng được tạo với khoá bí danh \(data), khác khoá đang dùng (\(given)): cổng không mở. "
                + "Dùng đúng tệp khoá của dữ liệu này."
        case .alreadyReplaced(let id): return "Tệp u\(id) đã được thay bằng một bản khác; hãy làm việc với bản mới nhất."
        case .unreadable(let why): return "Tệp không được nhận vì không đọc được: \(why)"
        case .nothingAccepted: return "Chưa có tệp nào được chấp nhận: hãy duyệt các tệp trước khi quy đổi."
        case .wrongPassword: return "Mật khẩu hiện tại không đúng."
        case .overlaps(let found):
            return "Các tệp có chung mã phiếu: " + found.map { o in
                "u\(o.first.id) và u\(o.second.id) chung \(o.counts.shared) mã (\(o.counts.identical) giống hệt, \(o.counts.conflicting) khác câu trả lời)"
            }.joined(separator: "; ") + ". Hãy chọn tệp được tính trước khi tiếp tục."
        case .newerData(let migrations):
            return "Dữ liệu của cổng đã được một bản KhaoSat mới hơn nâng cấp (\(migrations.joined(separator: ", "))): bản này không mở để "
                + "khỏi đọc sai. Hãy chạy bản mới hơn, hoặc khôi phục bản sao portal.sqlite.before-… cùng bản chương trình cũ."
        }
    }
}
