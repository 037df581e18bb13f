import Foundation

/// What an account may do; see the README's portal section.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Uploads files and sees only its own uploads.
    case contractor
    /// Sở Nội vụ: sees every upload, accepts or rejects, converts, downloads.
    case officer
    /// Read-only: runs, manifests, the audit log, downloads.
    case auditor
}

public struct User: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var role: Role
    public var passwordHash: String
    public var createdAt: Date
}

public enum UploadStatus: String, Sendable, Codable {
    /// Stored and validated, waiting for an officer.
    case submitted
    case accepted
    case rejected
    /// A corrected version was uploaded; kept, never deleted.
    case replaced
}

public struct Upload: Sendable, Codable, Equatable {
    public var id: Int64
    public var owner: Int64
    /// The name the contractor gave; shown, never used as a path.
    public var fileName: String
    public var sha256: String
    public var bytes: Int
    public var uploadedAt: Date
    public var status: UploadStatus
    /// The upload this one replaced, if any.
    public var replaces: Int64?
    /// Rows read = accepted + set aside + duplicates, as `khaosat validate` prints them.
    public var rows: Int
    public var accepted: Int
    public var setAside: Int
    public var duplicates: Int
    /// Why the file could not be read at all, if it could not.
    public var failure: String?
}

/// One line of the append-only audit log.
public struct AuditEntry: Sendable, Codable, Equatable {
    public var id: Int64
    public var at: Date
    /// The account, or nil for an unknown one (a failed login names what was typed in `detail`).
    public var actor: Int64?
    public var action: String
    public var target: String
    public var detail: String
}

/// Errors with a Vietnamese message for the pages and the JSON API.
public enum PortalError: Error, Equatable, CustomStringConvertible {
    case nameTaken(String)
    case badName(String)
    case weakPassword
    case tooLarge(limit: Int)
    case notFound
    case notAllowed

    public var description: String {
        switch self {
        case .nameTaken(let n): return "Tên tài khoản \"\(n)\" đã có."
        case .badName(let n): return "Tên tài khoản \"\(n)\" không hợp lệ: chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới (3–64 ký tự)."
        case .weakPassword: return "Mật khẩu cần ít nhất 12 ký tự."
        case .tooLarge(let limit): return "Tệp lớn hơn giới hạn \(limit / 1_000_000) MB."
        case .notFound: return "Không tìm thấy."
        case .notAllowed: return "Tài khoản này không được làm việc này."
        }
    }
}
