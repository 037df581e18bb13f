/// Why a workbook could not be read; `description` is the Vietnamese message shown to the user.
package enum XLSXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a ZIP archive, or one without the parts every workbook has.
    case notAWorkbook(file: String, reason: String)
    /// A part of the workbook is not well-formed XML.
    case malformedPart(file: String, part: String, offset: Int)
    case noSuchSheet(file: String, sheet: String, available: [String])
    case cannotExtract(file: String, part: String, reason: String)

    package var description: String {
        switch self {
        case .notAWorkbook(let file, let reason):
            return "\(file): không phải sổ tính Excel .xlsx đọc được (\(reason)). "
                + "Hãy mở tệp bằng Excel và lưu lại dưới dạng \"Excel Workbook (.xlsx)\"."
        case .malformedPart(let file, let part, let offset):
            return "\(file): phần \(part) của sổ tính bị cắt cụt hoặc hỏng (từ byte \(offset)). "
                + "Hãy mở tệp bằng Excel và lưu lại."
        case .noSuchSheet(let file, let sheet, let available):
            return "\(file): không có trang tính \"\(sheet)\"; các trang có trong tệp: "
                + available.map { "\"\($0)\"" }.joined(separator: ", ") + "."
        case .cannotExtract(let file, let part, let reason):
            return "\(file): không giải nén được phần \(part) (\(reason))."
        }
    }
}
