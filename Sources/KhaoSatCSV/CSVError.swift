/// Where something is in a CSV file, as a person opening it would look for it.
public struct CSVLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    /// Physical line, 1-based, counting every line break of the file.
    public var line: Int
    /// CSV column (field number in the record), 1-based; nil when not known.
    public var field: Int?
    /// Character position in the physical line, 1-based; nil when not known.
    public var character: Int?
    /// For a workbook (.xlsx): the sheet; `line` is then the row and `field` the column.
    public var sheet: String?

    public init(file: String, line: Int, field: Int? = nil, character: Int? = nil, sheet: String? = nil) {
        self.file = file
        self.line = line
        self.field = field
        self.character = character
        self.sheet = sheet
    }

    /// `tệp.csv:12` (`, cột 3`, `, ký tự 17`), `tệp.xlsx:survey!C12` in a workbook, `tệp.sav:case 17,
    /// biến thứ 4` in an SPSS file: the form every message uses.
    public var description: String {
        if let sheet {
            guard let field else { return "\(file):\(sheet), dòng \(line)" }
            return "\(file):\(sheet)!\(Self.columnLetters(field))\(line)"
        }
        // An SPSS file has cases and variables, not lines and columns (line 0: the variable names).
        let lower = file.lowercased()
        if lower.hasSuffix(".sav") || lower.hasSuffix(".zsav") {
            let place = line == 0 ? "\(file) (tên biến)" : "\(file):case \(line)"
            return place + (field.map { ", biến thứ \($0)" } ?? "")
        }
        var text = "\(file):\(line)"
        if let field { text += ", cột \(field)" }
        if let character { text += ", ký tự \(character)" }
        return text
    }

    /// Excel's column name: 1 → "A", 27 → "AA".
    public static func columnLetters(_ column: Int) -> String {
        var n = column, letters: [Character] = []
        while n > 0 {
            letters.append(Character(Unicode.Scalar(UInt8(65 + (n - 1) % 26))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }
}

public struct CSVLimits: Sendable {
    /// A field longer than this is almost always an unclosed quote swallowing the file.
    public var maxFieldBytes: Int
    public var maxRecordBytes: Int
    public init(maxFieldBytes: Int = 1 << 20, maxRecordBytes: Int = 16 << 20) {
        self.maxFieldBytes = maxFieldBytes
        self.maxRecordBytes = maxRecordBytes
    }
}

public enum LegacyFontEncoding: String, Sendable, Codable {
    case tcvn3 = "TCVN3 (ABC)"
    case vni = "VNI"
}

/// Why a CSV file could not be read. Each case carries its location; `description`
/// is the Vietnamese message shown to the user.
public enum CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(file: String, reason: String)
    case cannotRead(file: String, reason: String)
    case cannotWrite(file: String, reason: String)
    case strayQuote(CSVLocation)
    case textAfterClosingQuote(CSVLocation)
    case unterminatedQuote(CSVLocation)
    case fieldTooLong(CSVLocation, limitBytes: Int)
    case nulByte(CSVLocation)
    /// The file is a known binary format (an Excel workbook, a PDF) saved under a .csv name.
    case notCSV(file: String, format: String)
    case legacyFont(CSVLocation, encoding: LegacyFontEncoding, sample: String)

    public var location: CSVLocation? {
        switch self {
        case .cannotOpen, .cannotRead, .cannotWrite, .notCSV: return nil
        case .strayQuote(let l), .textAfterClosingQuote(let l), .unterminatedQuote(let l),
             .fieldTooLong(let l, _), .nulByte(let l), .legacyFont(let l, _, _):
            return l
        }
    }

    public var description: String {
        switch self {
        case .cannotOpen(let file, let reason):
            return "\(file): không mở được tệp (\(reason))."
        case .cannotRead(let file, let reason):
            return "\(file): không đọc được tệp (\(reason))."
        case .cannotWrite(let file, let reason):
            return "\(file): không ghi được tệp (\(reason))."
        case .strayQuote(let l):
            return "\(l): dấu ngoặc kép (\") nằm giữa một trường không bắt đầu bằng ngoặc kép. "
                + "Nếu trường có chứa dấu ngoặc kép, hãy bao cả trường trong ngoặc kép và viết dấu bên trong thành hai dấu (\"\")."
        case .textAfterClosingQuote(let l):
            return "\(l): sau dấu ngoặc kép đóng trường phải là dấu phân cách hoặc xuống dòng. "
                + "Hãy viết dấu ngoặc kép bên trong trường thành hai dấu (\"\")."
        case .unterminatedQuote(let l):
            return "\(l): trường bắt đầu bằng dấu ngoặc kép ở dòng này không được đóng đến hết tệp. "
                + "Hãy thêm dấu ngoặc kép đóng hoặc bỏ dấu ngoặc kép mở."
        case .fieldTooLong(let l, let limit):
            return "\(l): trường bắt đầu ở dòng này dài quá \(limit / 1024) KB, thường do một dấu ngoặc kép mở "
                + "không được đóng. Hãy kiểm tra các dấu ngoặc kép từ dòng \(l.line)."
        case .notCSV(let file, let format):
            return "\(file):1: đây là tệp \(format), không phải CSV. Hãy mở tệp và chọn Lưu thành "
                + "\"CSV UTF-8 (Comma delimited)\" rồi gửi tệp .csv đó."
        case .nulByte(let l):
            return "\(l): tệp có ký tự NUL (byte 0), không phải tệp văn bản CSV. "
                + "Hãy xuất lại tệp dưới dạng \"CSV UTF-8 (Comma delimited)\"."
        case .legacyFont(let l, let encoding, let sample):
            return "\(l): văn bản được gõ bằng bảng mã cũ \(encoding.rawValue) (ví dụ \"\(sample)\"), "
                + "không phải Unicode. Hãy dùng Unikey (Công cụ chuyển mã, Ctrl+Shift+F6) chuyển từ "
                + "\(encoding == .tcvn3 ? "TCVN3 (ABC)" : "VNI Windows") sang Unicode, "
                + "rồi lưu lại bằng \"CSV UTF-8 (Comma delimited)\"."
        }
    }
}

/// Something the reader accepted but the user should know about.
public enum CSVWarning: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Fields that were not valid UTF-8 were read as Windows-1258.
    case windows1258(file: String, firstLine: Int, fields: Int)
    /// UTF-16 code units that did not form characters were replaced by U+FFFD.
    case invalidUTF16(file: String, units: Int)

    public var description: String {
        switch self {
        case .windows1258(let file, let line, let fields):
            return "\(file):\(line): \(fields) trường không phải UTF-8, đã đọc theo bảng mã Windows-1258. "
                + "Nên lưu tệp bằng \"CSV UTF-8 (Comma delimited)\" để tránh nhầm lẫn."
        case .invalidUTF16(let file, let units):
            return "\(file): \(units) đơn vị UTF-16 không hợp lệ đã được thay bằng ký tự �."
        }
    }
}
