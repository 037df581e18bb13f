import Foundation
import KhaoSatCSV
import KhaoSatPortal
import KhaoSatQuestionnaire

enum Label {
    static func role(_ role: Role) -> String {
        switch role {
        case .contractor: return "Đơn vị khảo sát"
        case .officer: return "Sở Nội vụ"
        case .auditor: return "Kiểm tra, giám sát"
        }
    }

    static func status(_ status: UploadStatus) -> String {
        switch status {
        case .submitted: return "Chờ duyệt"
        case .accepted: return "Đã chấp nhận"
        case .rejected: return "Bị từ chối"
        case .replaced: return "Đã được thay"
        }
    }

    /// Vietnam time, as officers read it.
    /// 1 → "A", 27 → "AA": a workbook's column as Excel names it.
    static func columnLetters(_ column: Int) -> String {
        var n = column, letters = ""
        while n > 0 {
            letters = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + letters
            n = (n - 1) / 26
        }
        return letters.isEmpty ? String(column) : letters
    }

    /// 12345 → "12.345": thousands as Vietnamese writes them.
    static func count(_ n: Int) -> String { Decimals.vietnamese(count: n) }

    static func time(_ date: Date) -> String {
        VietnamTime.display(date)
    }

    static func bytes(_ n: Int) -> String {
        n < 1_000_000 ? "\(Decimals.vietnamese(Decimal(n) / 1000, scale: 1)) kB" : "\(Decimals.vietnamese(Decimal(n) / 1_000_000, scale: 1)) MB"
    }
}
