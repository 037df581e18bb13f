import Foundation
import KhaoSatQuestionnaire

/// Text for the report's pages: escaped, numbers as Vietnamese writes them (87,33).
enum HTML {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ x: Decimal, scale: Int = 2) -> String { Decimals.vietnamese(x, scale: scale) }

    static func count(_ n: Int) -> String { Decimals.vietnamese(count: n) }

    static func double(_ x: Decimal) -> Double { NSDecimalNumber(decimal: x).doubleValue }

    /// A coordinate in an SVG, short and locale-free.
    static func coordinate(_ x: Double) -> String { String(format: "%.1f", x) }
}
