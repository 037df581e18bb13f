/// Turns a numeric cell into the text a person sees in Excel: whole numbers without ".0",
/// dates and times (Excel serials) as ISO 8601 text, other numbers as stored.
struct CellStyles: Sendable {
    enum Kind: Equatable { case number, date, time, dateTime }

    private let kinds: [Kind]
    private let date1904: Bool

    init(formats: [Int], custom: [Int: String], date1904: Bool) {
        kinds = formats.map { id in custom[id].map(Self.kind(ofFormat:)) ?? Self.builtInKind(id) }
        self.date1904 = date1904
    }

    func render(number raw: String, style: Int) -> String {
        guard !raw.isEmpty, let value = Double(raw) else { return raw }
        let kind = style >= 0 && style < kinds.count ? kinds[style] : .number
        switch kind {
        case .number:
            if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
            return raw
        case .date, .time, .dateTime:
            return Self.iso(serial: value, kind: kind, date1904: date1904) ?? raw
        }
    }

    /// Excel's built-in date and time formats (ECMA-376 §18.8.30).
    static func builtInKind(_ id: Int) -> Kind {
        switch id {
        case 14...17, 27...31, 34...36, 50...58: return .date
        case 18...21, 32, 33, 45...47: return .time
        case 22: return .dateTime
        default: return .number
        }
    }

    /// A custom format is a date when it has d/y (or m beside them), a time when it has h/s.
    static func kind(ofFormat code: String) -> Kind {
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
        default: return code.lowercased().contains("m") && !code.contains("0") && !code.contains("#") ? .date : .number
        }
    }

    /// Serial days since 1899-12-30 (or 1904-01-01), to the second, as text.
    static func iso(serial: Double, kind: Kind, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let totalSeconds = Int64((serial * 86_400).rounded())
        var days = totalSeconds / 86_400
        let seconds = Int(totalSeconds % 86_400)
        days += date1904 ? 1462 : 0  // 1904-01-01 is day 1462 after 1899-12-30
        let time = pad(seconds / 3600) + ":" + pad(seconds / 60 % 60) + ":" + pad(seconds % 60)
        if kind == .time { return time }
        let (y, m, d) = civil(daysSince1970: days - 25_569)
        let date = String(y) + "-" + pad(m) + "-" + pad(d)
        return kind == .date ? date : date + " " + time
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }

    /// Howard Hinnant's days-to-civil: proleptic Gregorian calendar, no time zone involved.
    static func civil(daysSince1970 z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }
}
