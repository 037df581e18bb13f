/// A field separator. Contractors' files use `,`, `;` (Excel with a Vietnamese
/// locale, KoBoToolbox) or tab (Excel "Unicode text").
package enum Delimiter: UInt8, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case comma = 0x2C
    case semicolon = 0x3B
    case tab = 0x09

    package init?(name: String) {
        switch name.lowercased() {
        case ",", "comma", "phay": self = .comma
        case ";", "semicolon", "champhay": self = .semicolon
        case "\t", "tab", "\\t": self = .tab
        default: return nil
        }
    }

    package var description: String {
        switch self {
        case .comma: return "dấu phẩy (,)"
        case .semicolon: return "dấu chấm phẩy (;)"
        case .tab: return "tab"
        }
    }

    /// Picks the candidate that occurs most often outside quotes on the first line;
    /// a tie or a one-column header gives the comma.
    static func detect(firstBlock: UnsafeRawBufferPointer) -> Delimiter {
        var counts: [Delimiter: Int] = [:]
        var quoted = false
        for byte in firstBlock {
            if byte == 0x22 { quoted.toggle(); continue }
            if quoted { continue }
            if byte == 0x0A || byte == 0x0D { break }
            if let d = Delimiter(rawValue: byte) { counts[d, default: 0] += 1 }
        }
        var best = Delimiter.comma
        for d in [Delimiter.semicolon, .tab] where counts[d, default: 0] > counts[best, default: 0] {
            best = d
        }
        return best
    }
}
