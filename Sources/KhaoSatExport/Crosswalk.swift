import Foundation
import KhaoSatCSV

/// `--crosswalk FILE` of `khaosat compare`: last year's unit codes → this year's (`old_code,new_code`,
/// a line per old unit; several old units may share a new one, an old unit may not be split). Every
/// problem is named by file, line and column.
package struct Crosswalk: Sendable {
    package var newCode: [String: String]

    package struct Problem: Error, CustomStringConvertible, Sendable {
        package var file: String
        package var line: Int
        package var column: Int?
        package var message: String
        package var description: String { "\(file):\(line)\(column.map { ", cột \($0)" } ?? ""): \(message)" }
    }

    /// Read and checked against both years' units: every problem, or none and the crosswalk.
    package static func read(path: String, name: String? = nil, lastUnits: Set<String>, thisUnits: Set<String>) throws
        -> (crosswalk: Crosswalk, problems: [Problem]) {
        let name = name ?? path
        let (records, _) = try CSVReader(path: path, name: name).readAll()
        guard let header = records.first else { return (Crosswalk(newCode: [:]), [Problem(file: name, line: 1, column: nil, message: "tệp trống.")]) }
        guard let old = header.fields.firstIndex(of: "old_code"), let new = header.fields.firstIndex(of: "new_code") else {
            return (Crosswalk(newCode: [:]), [Problem(file: name, line: header.line, column: nil, message: "cần hai cột old_code, new_code.")])
        }
        var map: [String: String] = [:], firstLine: [String: Int] = [:], problems: [Problem] = []
        for r in records.dropFirst() {
            let fields = r.fields + Array(repeating: "", count: max(0, header.fields.count - r.fields.count))
            let (o, n) = (fields[old].trimmingCharacters(in: .whitespaces), fields[new].trimmingCharacters(in: .whitespaces))
            if o.isEmpty && n.isEmpty { continue }
            if !lastUnits.contains(o) {
                problems.append(Problem(file: name, line: r.line, column: old + 1, message: "đơn vị \"\(o)\" không có trong lượt năm trước."))
            }
            if !thisUnits.contains(n) {
                problems.append(Problem(file: name, line: r.line, column: new + 1, message: "đơn vị \"\(n)\" không có trong lượt năm nay."))
            }
            if let first = firstLine[o] {
                problems.append(Problem(file: name, line: r.line, column: old + 1,
                                        message: "đơn vị \"\(o)\" đã có ở dòng \(first): một đơn vị cũ chia cho nhiều đơn vị mới không so sánh được."))
                continue
            }
            firstLine[o] = r.line
            map[o] = n
        }
        return (Crosswalk(newCode: map), problems)
    }
}
