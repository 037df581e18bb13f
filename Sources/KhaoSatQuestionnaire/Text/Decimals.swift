import Foundation

/// Exact decimal helpers: parsing as people type numbers, and the half-up rounding the
/// published results use (2.675 → 2.68).
package enum Decimals {
    /// Accepts "1.25", "1,25" and surrounding spaces; nil for anything else.
    package static func parse(_ text: String) -> Decimal? {
        // Most answers are small whole numbers: no string work for them.
        var utf8 = text.utf8.makeIterator(), value = 0, digits = 0
        while let b = utf8.next() {
            guard b >= 0x30, b <= 0x39, digits < 18 else { digits = -1; break }
            value = value * 10 + Int(b - 0x30)
            digits += 1
        }
        if digits > 0 { return Decimal(value) }
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        // Strictly [+-]digits[.digits]: Decimal(string:) reads a number at the start and ignores
        // the rest ("4-0" as 4, "--40" as 0), which must never lower a point silently.
        var body = Substring(t)
        if let sign = body.first, sign == "-" || sign == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.contains(where: { !$0.isEmpty }),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        return Decimal(string: t, locale: Locale(identifier: "en_US_POSIX"))
    }

    package static func rounded(_ value: Decimal, scale: Int = 2) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }

    /// The smallest whole number at least `value` (value ≥ 0): thresholds worked out once, so
    /// that each row compares whole numbers instead of multiplying decimals.
    package static func ceiling(_ value: Decimal) -> Int64 {
        var input = value, up = Decimal()
        NSDecimalRound(&up, &input, 0, .up)
        return Int64(truncating: up as NSDecimalNumber)
    }

    /// For people: `format` with the Vietnamese decimal comma ("2,68"); files keep the point.
    package static func vietnamese(_ value: Decimal, scale: Int = 2) -> String {
        format(value, scale: scale).replacingOccurrences(of: ".", with: ",")
    }

    /// A count for people: thousands grouped as Vietnamese writes them (12345 → "12.345").
    package static func vietnamese(count n: Int) -> String {
        let digits = String(n.magnitude)
        let grouped = digits.enumerated().map { i, d in (i > 0 && (digits.count - i) % 3 == 0 ? "." : "") + String(d) }.joined()
        return (n < 0 ? "-" : "") + grouped
    }

    /// Rounded half-up and written with exactly `scale` decimals: "12.00", "2.68".
    package static func format(_ value: Decimal, scale: Int = 2) -> String {
        let r = rounded(value, scale: scale)
        let negative = r < 0
        var digits = (negative ? -r : r).description
        if !digits.contains(".") { digits += "." }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        var fraction = String(parts[1])
        while fraction.count < scale { fraction += "0" }
        let text = scale == 0 ? String(parts[0]) : "\(parts[0]).\(fraction)"
        return negative ? "-" + text : text
    }
}
