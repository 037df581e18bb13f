/// Excel's A1 notation: column letters and row number.
package enum CellReference {
    /// "C12" → column 3 (row digits ignored); nil when there are no letters.
    /// Excel's last column is XFD (16 384); longer runs of letters are refused, not overflowed.
    static func column<S: Sequence>(_ reference: S) -> Int? where S.Element == UInt8 {
        var n = 0, letters = 0
        for b in reference {
            let upper = b & 0xDF
            guard upper >= 65, upper <= 90 else { break }
            letters += 1
            guard letters <= 3 else { return nil }
            n = n * 26 + Int(upper - 64)
        }
        return letters == 0 ? nil : n
    }

    static func row<S: Sequence>(_ reference: S) -> Int? where S.Element == UInt8 {
        var n = 0, digits = 0
        for b in reference where b >= 48 && b <= 57 {
            digits += 1
            guard digits <= 7 else { return nil }
            n = n * 10 + Int(b - 48)
        }
        return digits == 0 ? nil : n
    }

    /// Column 0 → "A", 25 → "Z", 26 → "AA" (0-based, for writing).
    static func column(_ index: Int) -> String {
        var n = index + 1, letters = ""
        while n > 0 {
            let r = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            n = (n - 1) / 26
        }
        return letters
    }
}
