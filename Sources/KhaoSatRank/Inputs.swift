import Foundation
import KhaoSatCSV
import KhaoSatQuestionnaire

/// A problem with the rank inputs, with its place.
public struct RankProblem: Error, Sendable, Codable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int?
    public var message: String

    public var description: String { "\(file):\(line)\(column.map { ", cột \($0)" } ?? ""): \(message)" }
}

/// Reads the Appraisal Council's file and the Content 3 results (`content3.csv`, the export
/// contract) and joins them by unit code.
public enum RankInputs {
    /// Columns of the council file; a blank maximum takes the decision's default.
    public static let councilColumns = ["unit_code", "c1_points", "c1_max", "c2_points", "c2_max", "c4_points", "c4_max",
                                        "c5_points", "c5_max", "c6_points", "disciplined"]
    public static let defaultMaxima: [Decimal] = [45, 35, 5, 3]

    public static func load(content3 path: String, council councilPath: String, content3Name: String = "content3.csv",
                            councilName: String? = nil) throws -> (units: [UnitScores], problems: [RankProblem]) {
        let councilName = councilName ?? councilPath
        var problems: [RankProblem] = []
        let c3 = try table(path, content3Name)
        let council = try table(councilPath, councilName)
        guard let c3Cols = columns(["index", "unit_code", "unit_name", "points", "max_points"], c3, content3Name, &problems),
              let cols = columns(councilColumns, council, councilName, &problems) else { return ([], problems) }

        var councilRows: [String: (line: Int, fields: [String])] = [:]
        for r in council.rows {
            let code = r.fields[cols[0]]
            if let first = councilRows[code] {
                problems.append(RankProblem(file: councilName, line: r.line, column: cols[0] + 1,
                                            message: "đơn vị \(code) đã có ở dòng \(first.line)."))
            } else { councilRows[code] = r }
        }
        var units: [UnitScores] = []
        var seen: Set<String> = []
        for r in c3.rows {
            let code = r.fields[c3Cols[1]]
            seen.insert(code)
            guard let index = IndexCode(rawValue: r.fields[c3Cols[0]]),
                  let p3 = Decimals.parse(r.fields[c3Cols[3]]), let m3 = Decimals.parse(r.fields[c3Cols[4]]) else {
                problems.append(RankProblem(file: content3Name, line: r.line, column: nil, message: "dòng của đơn vị \(code) không đọc được."))
                continue
            }
            guard let c = councilRows[code] else {
                problems.append(RankProblem(file: councilName, line: 1, column: nil,
                                            message: "thiếu đơn vị \(code) (\(r.fields[c3Cols[2]])): không xếp hạng được."))
                continue
            }
            let before = problems.count
            func number(_ i: Int, _ what: String, default value: Decimal? = nil) -> Decimal? {
                let text = c.fields[cols[i]].trimmingCharacters(in: .whitespaces)
                if text.isEmpty, let value { return value }
                guard let n = Decimals.parse(text) ?? (text.hasPrefix("-") ? Decimals.parse(String(text.dropFirst())).map { -$0 } : nil) else {
                    problems.append(RankProblem(file: councilName, line: c.line, column: cols[i] + 1,
                                                message: "\(what) \"\(text)\" không phải là số."))
                    return nil
                }
                return n
            }
            let points = [number(1, "điểm Nội dung 1"), number(3, "điểm Nội dung 2"), number(5, "điểm Nội dung 4"),
                          number(7, "điểm Nội dung 5"), number(9, "điểm Nội dung 6", default: 0)]
            let maxima = [number(2, "điểm tối đa Nội dung 1", default: defaultMaxima[0]), number(4, "điểm tối đa Nội dung 2", default: defaultMaxima[1]),
                          number(6, "điểm tối đa Nội dung 4", default: defaultMaxima[2]), number(8, "điểm tối đa Nội dung 5", default: defaultMaxima[3])]
            let flag = c.fields[cols[10]].trimmingCharacters(in: .whitespaces).lowercased()
            let disciplined: Bool? = ["1", "có", "co", "yes", "true", "x"].contains(flag) ? true
                : ["", "0", "không", "khong", "no", "false"].contains(flag) ? false : nil
            if disciplined == nil {
                problems.append(RankProblem(file: councilName, line: c.line, column: cols[10] + 1,
                                            message: "\"\(flag)\" không rõ: ghi 1 (có người đứng đầu hoặc cấp phó bị kỷ luật) hoặc 0."))
            }
            let p = points.compactMap { $0 }, m = maxima.compactMap { $0 }
            guard p.count == points.count, m.count == maxima.count, let disciplined else { continue }
            for (i, content) in [1, 2, 4, 5].enumerated() where p[i] < 0 || p[i] > m[i] {
                problems.append(RankProblem(file: councilName, line: c.line, column: cols[1 + 2 * i] + 1,
                                            message: "điểm Nội dung \(content) (\(p[i])) phải từ 0 đến \(m[i])."))
            }
            if p[4] > 0 {
                problems.append(RankProblem(file: councilName, line: c.line, column: cols[9] + 1,
                                            message: "điểm trừ (Nội dung 6) phải là 0 hoặc số âm."))
            }
            guard problems.count == before else { continue }
            units.append(UnitScores(index: index, code: code, name: r.fields[c3Cols[2]],
                                    points: [p[0], p[1], p3, p[2], p[3], p[4]], maxima: [m[0], m[1], m3, m[2], m[3]],
                                    disciplined: disciplined))
        }
        for (code, c) in councilRows where !seen.contains(code) {
            problems.append(RankProblem(file: councilName, line: c.line, column: cols[0] + 1,
                                        message: "đơn vị \(code) không có trong kết quả Nội dung 3."))
        }
        problems.sort { ($0.file, $0.line) < ($1.file, $1.line) }
        return (units, problems)
    }

    private static func table(_ path: String, _ name: String) throws -> (header: [String], rows: [(line: Int, fields: [String])]) {
        let (records, _) = try CSVReader(path: path, name: name).readAll()
        guard let header = records.first else { throw RankProblem(file: name, line: 1, column: nil, message: "tệp trống.") }
        return (header.fields, records.dropFirst().map { r in
            (r.line, r.fields + Array(repeating: "", count: max(0, header.fields.count - r.fields.count)))
        })
    }

    private static func columns(_ names: [String], _ t: (header: [String], rows: [(line: Int, fields: [String])]),
                                _ file: String, _ problems: inout [RankProblem]) -> [Int]? {
        let found = names.map { t.header.firstIndex(of: $0) }
        let missing = names.indices.filter { found[$0] == nil }.map { names[$0] }
        guard missing.isEmpty else {
            problems.append(RankProblem(file: file, line: 1, column: nil, message: "thiếu cột " + missing.joined(separator: ", ") + "."))
            return nil
        }
        return found.map { $0! }
    }
}

/// `ranking.csv`: one row per ranked unit, by index and rank.
public enum RankingTable {
    public static func rows(_ ranked: [RankedUnit]) -> [[CSVCell]] {
        var head: [CSVCell] = ["index", "rank", "unit_code", "unit_name"]
        for c in 1...5 { head += [.text("c\(c)_points"), .text("c\(c)_max")] }
        head += ["c6_points", "total", "max_points", "percent", "level", "cchc_percent", "cchc_level", "flags"]
        return [head] + ranked.map { r in
            let s = r.scores
            var row: [CSVCell] = [.text(s.index.rawValue), .number(String(r.rank)), .text(s.code), .text(s.name)]
            for c in 0..<5 { row += [number(s.points[c]), number(s.maxima[c])] }
            row += [number(s.points[5]), number(s.total), number(s.maximum), number(s.percent), .text(r.level.title),
                    number(s.reformPercent), .text(r.reformLevel.title), .text(r.flags.joined(separator: ";"))]
            return row
        }
    }

    /// Percentages are shown with 2 decimals; the levels were decided on the exact values.
    static func number(_ x: Decimal) -> CSVCell { .number(Decimals.format(x, scale: 2)) }
}
