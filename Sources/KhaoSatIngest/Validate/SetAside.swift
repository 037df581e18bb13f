import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// Why a row or a submission is set aside, with the facts its message needs. The rules say
/// which case holds; the sentences a contractor reads are written here and nowhere else.
package indirect enum SetAside: Error, Sendable {
    // The row is no response.
    case totalsRow(label: String)
    case encrypted(status: String)
    case reviewRejected(status: String)
    case reviewOnHold(status: String)
    // Who answered, about which unit.
    case groupUnknown(group: String)
    case noUnitRated
    case unitMissing
    case unitUnknown(text: String, suggestions: [RatedUnit])
    case formerUnit(name: String, now: [RatedUnit])
    case unitAmbiguous(text: String, units: [RatedUnit])
    case groupNotAllowed(group: String, unit: RatedUnit)
    case ownUnitMissing(group: String, hasColumn: Bool)
    /// The respondent's own unit could not be read.
    case ownUnit(SetAside)
    case notOwnUnit(group: String, own: RatedUnit, unit: RatedUnit)
    // The answers.
    case unknownChoice(question: String, raw: String, known: String)
    case labelsReadTwoWays(question: String, raw: String, one: [String], other: [String])
    case notANumber(question: String, raw: String, integer: Bool)
    case outOfRange(question: String, raw: String, low: Decimal, high: Decimal)
    case requiredMissing(question: String, label: String)
    case incomplete(counted: Int, scored: Int, minimum: Decimal)
    // Settled against other submissions, after validation.
    case edited(id: String, kept: Source)
    case otherFileChosen(id: String, kept: Source)
    case idConflict(id: String, others: [Source])
    case superseded(respondent: String, kept: Source, keepsLatest: Bool)
    /// `--exclude-flags` and phúc tra: each flag with its evidence, and the interviewer excluded.
    case qualityExcluded(flags: [(flag: String, evidence: String)], interviewer: String?)

    package var reason: Reason {
        switch self {
        case .totalsRow: .notAResponse
        case .encrypted: .encrypted
        case .reviewRejected: .reviewRejected
        case .reviewOnHold: .reviewOnHold
        case .groupUnknown: .groupUnknown
        case .noUnitRated, .unitMissing: .unitMissing
        case .unitUnknown, .formerUnit: .unitUnknown
        case .unitAmbiguous: .unitAmbiguous
        case .groupNotAllowed: .groupNotAllowed
        case .ownUnitMissing: .ownUnitMissing
        case .ownUnit(let inner): inner.reason
        case .notOwnUnit: .notOwnUnit
        case .unknownChoice, .labelsReadTwoWays: .unknownChoice
        case .notANumber: .notANumber
        case .outOfRange: .outOfRange
        case .requiredMissing: .requiredMissing
        case .incomplete: .incomplete
        case .edited: .edited
        case .otherFileChosen: .otherFileChosen
        case .idConflict: .idConflict
        case .superseded: .superseded
        case .qualityExcluded: .qualityExcluded
        }
    }

    /// What to fix, in Vietnamese: `quarantine.csv`'s `message`.
    package var message: String {
        func named(_ u: RatedUnit) -> String { "\"\(u.name)\" (\(u.code))" }
        switch self {
        case .totalsRow(let label):
            return "dòng \"\(label)\" là dòng tổng cộng của bảng, không phải một phiếu trả lời: không tính. "
                + "Nếu đây là một phiếu thật, hãy ghi mã phiếu khác."
        case .encrypted(let status):
            return "ODK Central không giải mã được phiếu này (\"\(status)\"): hãy xuất lại sau khi giải mã bằng khoá riêng của biểu mẫu."
        case .reviewRejected(let status):
            return "trạng thái duyệt là \"\(status)\"."
        case .reviewOnHold(let status):
            return "trạng thái duyệt là \"\(status)\" (đang chờ duyệt); duyệt xong hãy xuất lại, "
                + "hoặc đề nghị Sở Nội vụ tính cả phiếu đang chờ duyệt."
        case .groupUnknown(let group):
            return "nhóm \"\(group)\" không có trong groups.csv."
        case .noUnitRated:
            return "dòng này không đánh giá đơn vị nào (mọi ô của bảng đơn vị đều trống)."
        case .unitMissing:
            return "không có đơn vị được đánh giá."
        case .unitUnknown(let text, let suggestions):
            let hint = suggestions.isEmpty ? "" : " Có phải " + suggestions.map(named).joined(separator: " hoặc ") + " không?"
            return "không có đơn vị \"\(shown(text))\" trong danh sách.\(hint)"
        case .formerUnit(let name, let now):
            return "\"\(shown(name))\" là tên đơn vị trước khi sắp xếp, nay thuộc " + now.map(named).joined(separator: " hoặc ")
                + ". Hãy ghi tên hoặc mã đơn vị hiện nay."
        case .unitAmbiguous(let text, let units):
            return "\"\(shown(text))\" khớp với nhiều đơn vị: " + units.map { "\($0.name) (\($0.code))" }.joined(separator: ", ")
                + ". Hãy ghi mã đơn vị."
        case .groupNotAllowed(let group, let unit):
            return "\(group) không đánh giá đơn vị thuộc Chỉ số \(unit.index) (\(unit.name))."
        case .ownUnitMissing(let group, let hasColumn):
            return "\(group) chỉ đánh giá đơn vị của mình, nhưng dòng này "
                + (hasColumn ? "để trống respondent_unit" : "không có cột respondent_unit")
                + " (đơn vị của người trả lời): không kiểm tra được."
        case .ownUnit(let inner):
            return "đơn vị của người trả lời: " + inner.message
        case .notOwnUnit(let group, let own, let unit):
            return "\(group) của \(own.name) (\(own.code)) chỉ đánh giá đơn vị của mình, không đánh giá \(unit.name) (\(unit.code))."
        case .unknownChoice(let question, let raw, let known):
            return "câu \"\(question)\": \"\(shown(raw))\" không phải là lựa chọn; chọn một trong: \(known)."
        case .labelsReadTwoWays(let question, let raw, let one, let other):
            return "câu \"\(question)\": \"\(shown(raw))\" đọc được hai cách "
                + "(\(one.joined(separator: " + "))) hoặc (\(other.joined(separator: " + "))) vì nhãn lựa chọn có dấu cách; hãy xuất lại "
                + "từ KoBoToolbox với mỗi lựa chọn một cột riêng (select_multiple: \"separate columns\" hoặc \"both\")."
        case .notANumber(let question, let raw, let integer):
            return "câu \"\(question)\": \"\(shown(raw))\" không phải là số\(integer ? " nguyên" : "")."
        case .outOfRange(let question, let raw, let low, let high):
            return "câu \"\(question)\": \(raw) nằm ngoài khoảng \(low)–\(high)."
        case .requiredMissing(let question, let label):
            return "câu \"\(question)\" (\(label)) bắt buộc nhưng để trống."
        case .incomplete(let counted, let scored, let minimum):
            return "chỉ \(counted)/\(scored) câu tính điểm có câu trả lời được tính, cần ít nhất "
                + "\(Decimals.format(minimum * 100, scale: 0)) %."
        case .edited(let id, let kept):
            return "phiếu \"\(id)\" đã được sửa trên ODK Central; tính bản sửa sau cùng ở \(kept)."
        case .otherFileChosen(let id, let kept):
            return "mã phiếu \"\(id)\" cũng có ở \(kept) với câu trả lời khác; Sở Nội vụ chọn tính bản ở tệp đó."
        case .idConflict(let id, let others):
            return "mã phiếu \"\(id)\" cũng có ở \(others.map(\.description).joined(separator: ", ")) với câu trả lời khác: "
                + "không biết bản nào đúng nên không tính bản nào; hãy kiểm tra và gửi lại một bản."
        case .superseded(let respondent, let kept, let keepsLatest):
            return "người trả lời \"\(respondent)\" đã đánh giá đơn vị này ở \(kept); giữ phiếu \(keepsLatest ? "mới nhất" : "đầu tiên")."
        case .qualityExcluded(let flags, let interviewer):
            let reasons = flags.map { "\($0.flag) (\($0.evidence))" } + (interviewer.map { ["điều tra viên \($0) bị loại sau phúc tra"] } ?? [])
            return "không tính: " + reasons.joined(separator: "; ") + "."
        }
    }
}

extension SetAside {
    /// Appended to an entry's message when the same row came in several files (overlapping exports).
    static func alsoAt(_ others: [Source]) -> String {
        " Cùng dòng này có cả ở " + others.map(\.description).joined(separator: ", ") + " (chỉ liệt kê một lần)."
    }
}

/// A value as a message shows it: whole up to 80 characters, else its start and its length,
/// so that a 1 MB cell does not make a 1 MB message per row.
func shown(_ text: String) -> String {
    guard text.count > 80 else { return text }
    return String(text.prefix(60)) + "… (\(text.count) ký tự)"
}
