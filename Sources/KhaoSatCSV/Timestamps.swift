import Foundation

/// Submission times as the survey tools write them. Hand-written: `DateFormatter` clones ICU
/// formatters on every parse (measured in docs/performance.md).
package enum Timestamps {
    /// `2025-10-01T08:00:00[.000][Z|+07:00]`, `2025-10-01 08:00:00`, `01/10/2025 08:00:00`,
    /// Google's `2025/10/01 8:00:00 AM GMT+7`. No zone: Vietnam time (UTC+7).
    package static func parse(_ text: String) -> Date? {
        // From the string's own bytes: an array of them cost more than the parse.
        var text = text
        return text.withUTF8 { parse(Scanner($0)) }
    }

    private static func parse(_ scanner: Scanner) -> Date? {
        var p = scanner
        let first = p.number()
        guard let first, let s1 = p.next(), s1 == UInt8(ascii: "-") || s1 == UInt8(ascii: "/"),
              let second = p.number(), p.next() == s1, let third = p.number() else { return nil }
        let (year, month, day) = first > 31 ? (first, second, third) : (third, second, first)
        guard let sep = p.next(), sep == UInt8(ascii: "T") || sep == UInt8(ascii: " "),
              var hour = p.number(), p.next() == UInt8(ascii: ":"), let minute = p.number(),
              p.next() == UInt8(ascii: ":"), let second2 = p.number() else { return nil }
        var fraction = 0.0
        if p.peek == UInt8(ascii: ".") {
            p.index += 1
            let start = p.index
            if let f = p.number() { fraction = Double(f) / pow(10, Double(p.index - start)) }
        }
        p.skipSpaces()
        if p.take("AM") { if hour == 12 { hour = 0 } } else if p.take("PM") { if hour < 12 { hour += 12 } }
        p.skipSpaces()
        var offset = 7 * 3600
        if p.take("Z") { offset = 0 } else {
            _ = p.take("GMT") || p.take("UTC")
            if let sign = p.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                p.index += 1
                guard let h = p.number() else { return nil }
                var minutes = 0
                if p.peek == UInt8(ascii: ":") { p.index += 1; minutes = p.number() ?? 0 }
                let hours = h > 99 ? h / 100 : h  // +0700
                if h > 99 { minutes = h % 100 }
                offset = (sign == UInt8(ascii: "+") ? 1 : -1) * (hours * 3600 + minutes * 60)
            }
        }
        guard p.atEnd, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second2 < 61 else { return nil }
        let seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second2 - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    package static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
        var atEnd: Bool { index == bytes.count }
        mutating func next() -> UInt8? { defer { index += 1 }; return peek }
        mutating func number() -> Int? {
            var value = 0, digits = 0
            while let b = peek, b >= 0x30, b <= 0x39, digits < 9 { value = value * 10 + Int(b - 0x30); index += 1; digits += 1 }
            return digits == 0 ? nil : value
        }
        mutating func skipSpaces() { while peek == 0x20 { index += 1 } }
        /// Without building arrays: it runs up to five times per timestamp.
        mutating func take(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard bytes.count - index >= n else { return false }
            let matches = word.withUTF8Buffer { w in (0..<n).allSatisfy { bytes[index + $0] == w[$0] } }
            if matches { index += n }
            return matches
        }
    }
}
