import Foundation
import KhaoSatQuestionnaire

/// The report's SVG pictures, inline and printable: bars with a scale taken from the data, an axis
/// title and a legend. Long lists are cut into charts of at most `perChart` rows, each of which fits
/// an A4 page.
enum Charts {
    static let perChart = 55

    struct Bar {
        var label: String
        var value: Decimal
        /// The whisker (the 95 % interval), when there is one.
        var interval: ClosedRange<Decimal>?
        /// Drawn as a hollow mark and said in words: nobody was asked about the unit.
        var noResponses: Bool
    }

    /// Splits `n` rows into charts of at most `perChart`, as evenly as possible (102 → 51 + 51).
    static func chunks<T>(_ rows: [T]) -> [ArraySlice<T>] {
        guard !rows.isEmpty else { return [] }
        let parts = (rows.count + perChart - 1) / perChart, size = (rows.count + parts - 1) / parts
        return stride(from: 0, to: rows.count, by: size).map { rows[$0..<min($0 + size, rows.count)] }
    }

    /// A round top for the axis and its step: 12 → 0…12 by 2, 15 → 0…15 by 3, 20 → 0…20 by 5, 100 → by 10.
    static func axis(_ maximum: Decimal) -> (top: Double, step: Double) {
        let m = max(HTML.double(maximum), 1)
        for step in [1.0, 2, 2.5, 3, 5, 10, 20, 25, 50, 100, 200, 250, 500] where m / step <= 8 {
            return ((m / step).rounded(.up) * step, step)
        }
        return (m, m / 5)
    }

    private static let left = 250.0, right = 20.0, width = 700.0, row = 12.0, top = 8.0, bottom = 34.0

    /// Horizontal bars of one value per row, in the order given, with whiskers and hollow marks.
    static func bars(_ bars: [Bar], axisMaximum: Decimal, axisTitle: String, caption: String) -> String {
        var (svg, scale) = frame(rows: bars.count, axisMaximum: axisMaximum, axisTitle: axisTitle, caption: caption)
        for (i, b) in bars.enumerated() {
            let y = top + Double(i) * row
            svg += label(b.label, y: y)
            if b.noResponses {
                svg += "<rect x=\"\(left)\" y=\"\(c(y + 2.5))\" width=\"7\" height=\"7\" class=\"none\"/>"
                    + "<text x=\"\(left + 11)\" y=\"\(c(y + 9))\" class=\"none-label\">không có phiếu khảo sát</text>\n"
                continue
            }
            svg += "<rect x=\"\(left)\" y=\"\(c(y + 2))\" width=\"\(c(HTML.double(b.value) * scale))\" height=\"8\" class=\"bar\"/>"
            if let i = b.interval {
                let (l, h) = (left + HTML.double(i.lowerBound) * scale, left + HTML.double(i.upperBound) * scale)
                svg += "<line x1=\"\(c(l))\" y1=\"\(c(y + 6))\" x2=\"\(c(h))\" y2=\"\(c(y + 6))\" class=\"ci\"/>"
                    + "<line x1=\"\(c(l))\" y1=\"\(c(y + 3))\" x2=\"\(c(l))\" y2=\"\(c(y + 9))\" class=\"ci\"/>"
                    + "<line x1=\"\(c(h))\" y1=\"\(c(y + 3))\" x2=\"\(c(h))\" y2=\"\(c(y + 9))\" class=\"ci\"/>"
            }
            svg += "\n"
        }
        return svg + "</svg>\n"
    }

    /// One stacked bar per row: each part a content's points, in order; a negative part (a
    /// deduction) drawn back from the end in red.
    static func stacked(_ rows: [(label: String, parts: [Decimal])], partNames: [String], axisMaximum: Decimal,
                        axisTitle: String, caption: String) -> String {
        var (svg, scale) = frame(rows: rows.count, axisMaximum: axisMaximum, axisTitle: axisTitle, caption: caption)
        for (i, r) in rows.enumerated() {
            let y = top + Double(i) * row
            svg += label(r.label, y: y)
            var x = left
            for (k, p) in r.parts.enumerated() where p > 0 {
                let w = HTML.double(p) * scale
                svg += "<rect x=\"\(c(x))\" y=\"\(c(y + 2))\" width=\"\(c(w))\" height=\"8\" class=\"part\(k % 6)\"/>"
                x += w
            }
            for p in r.parts where p < 0 {
                let w = HTML.double(-p) * scale
                x -= w
                svg += "<rect x=\"\(c(x))\" y=\"\(c(y + 2))\" width=\"\(c(w))\" height=\"8\" class=\"deduction\"/>"
            }
            svg += "\n"
        }
        return svg + "</svg>\n" + legend(partNames.enumerated().map { ("part\($0.offset % 6)", $0.element) })
    }

    /// The legend under a chart: a swatch per class.
    static func legend(_ entries: [(cls: String, text: String)]) -> String {
        "<p class=\"legend\">" + entries.map { "<span class=\"swatch \($0.cls)\"></span>\(HTML.escape($0.text))" }.joined(separator: " ") + "</p>\n"
    }

    /// The opening of a chart of `rows` rows with its grid and axis; points per unit of the axis.
    private static func frame(rows: Int, axisMaximum: Decimal, axisTitle: String, caption: String) -> (String, Double) {
        let (topValue, step) = axis(axisMaximum)
        let scale = (width - left - right) / topValue
        let height = top + Double(rows) * row + bottom
        let svg = "<svg class=\"chart\" role=\"img\" aria-label=\"\(HTML.escape(caption))\" viewBox=\"0 0 \(Int(width)) \(Int(height.rounded(.up)))\" "
            + "xmlns=\"http://www.w3.org/2000/svg\">\n"
        return (svg + grid(height: height, top: topValue, step: step, scale: scale, title: axisTitle), scale)
    }

    private static func grid(height: Double, top topValue: Double, step: Double, scale: Double, title: String) -> String {
        var g = ""
        for tick in stride(from: 0.0, through: topValue + step / 2, by: step) {
            let x = left + tick * scale
            g += "<line x1=\"\(c(x))\" y1=\"\(c(top))\" x2=\"\(c(x))\" y2=\"\(c(height - bottom + 2))\" class=\"grid\"/>"
                + "<text x=\"\(c(x))\" y=\"\(c(height - bottom + 12))\" class=\"tick\">\(HTML.escape(Decimals.vietnamese(Decimal(tick), scale: step.rounded() == step ? 0 : 1)))</text>\n"
        }
        return g + "<text x=\"\(c(left + (width - left - right) / 2))\" y=\"\(c(height - 4))\" class=\"axis-title\">\(HTML.escape(title))</text>\n"
    }

    private static func label(_ text: String, y: Double) -> String {
        let short = text.count > 46 ? String(text.prefix(45)) + "…" : text
        return "<text x=\"\(left - 6)\" y=\"\(c(y + 9))\" class=\"label\"><title>\(HTML.escape(text))</title>\(HTML.escape(short))</text>"
    }

    private static func c(_ x: Double) -> String { HTML.coordinate(x) }
}
