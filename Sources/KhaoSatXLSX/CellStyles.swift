import KhaoSatCSV

/// Turns a numeric cell into the text a person sees in Excel: whole numbers without ".0",
/// dates and times (Excel serials) as ISO 8601 text, other numbers as stored.
struct CellStyles: Sendable {
    /// Per style: a date or time kind, or nil for a plain number.
    private let kinds: [CivilTime.Kind?]
    private let date1904: Bool

    init(formats: [Int], custom: [Int: String], date1904: Bool) {
        kinds = formats.map { id in custom[id].map(Self.kind(ofFormat:)) ?? Self.builtInKind(id) }
        self.date1904 = date1904
    }

    func render(number raw: String, style: Int) -> String {
        guard !raw.isEmpty, let value = Double(raw) else { return raw }
        guard let kind = style >= 0 && style < kinds.count ? kinds[style] : nil else {
            if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
            return raw
        }
        return Self.iso(serial: value, kind: kind, date1904: date1904) ?? raw
    }

    /// Excel's built-in date and time formats (ECMA-376 §18.8.30).
    static func builtInKind(_ id: Int) -> CivilTime.Kind? {
        switch id {
        case 14...17, 27...31, 34...36, 50...58: return .date
        case 18...21, 32, 33, 45...47: return .time
        case 22: return .dateTime
        default: return nil
        }
    }

    /// A custom format is a date when it has d/y (or m beside them), a time when it has h/s.
    static func kind(ofFormat code: String) -> CivilTime.Kind? {
        var hasDate = false, hasTime = false, inQuote = false, inBracket = false
        var previous: Character = " "
        for ch in code.lowercased() {
            if ch == "\"" { inQuote.toggle(); continue }
            if inQuote { continue }
            if ch == "[" { inBracket = true; continue }
            if ch == "]" { inBracket = false; continue }
            if inBracket || previous == "\\" { previous = ch; continue }
            switch ch {
            case "d", "y": hasDate = true
            case "h", "s": hasTime = true
            default: break
            }
            previous = ch
        }
        switch (hasDate, hasTime) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        default: return code.lowercased().contains("m") && !code.contains("0") && !code.contains("#") ? .date : nil
        }
    }

    /// Serial days since 1899-12-30 (or 1904-01-01), to the second, as text.
    static func iso(serial: Double, kind: CivilTime.Kind, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        // 1970-01-01 is serial 25 569; the 1904 system starts 1 462 days later.
        let seconds = Int64((serial * 86_400).rounded()) + Int64((date1904 ? 1462 : 0) - 25_569) * 86_400
        return CivilTime.iso(secondsSince1970: seconds, kind)
    }
}
