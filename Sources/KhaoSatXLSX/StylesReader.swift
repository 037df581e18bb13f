import Foundation

/// The number format of each cell style, to tell dates and times from plain numbers.
struct StylesReader: XMLHandler {
    var cellFormats: [Int] = []
    var customFormats: [Int: String] = [:]
    private var inCellXfs = false

    mutating func start(_ name: XMLBytes, attributes: XMLBytes) {
        if name.is("numFmt") {
            if let id = attributes.attribute("numFmtId").flatMap({ Int($0) }) { customFormats[id] = attributes.attribute("formatCode") ?? "" }
        } else if name.is("cellXfs") {
            inCellXfs = true
        } else if name.is("xf"), inCellXfs {
            cellFormats.append(attributes.attribute("numFmtId").flatMap { Int($0) } ?? 0)
        }
    }
    mutating func end(_ name: XMLBytes) { if name.is("cellXfs") { inCellXfs = false } }
    mutating func text(_ text: XMLBytes, raw: Bool) {}
}
