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

extension RankProblem: Comparable {
    /// File, line, column: the order a person fixes them in.
    public static func < (a: RankProblem, b: RankProblem) -> Bool {
        (a.file, a.line, a.column ?? 0) < (b.file, b.line, b.column ?? 0)
    }
}

/// Reads the Appraisal Council's file and the Content 3 results (`content3.csv`, the export
/// contract) and joins them by unit code.
public enum RankInputs {
    /// Columns of the council file; a blank maximum takes the decision's default.
    public static let councilColumns = ["unit_code", "c1_points", "c1_max", "c2_points", "c2_max", "c4_points", "c4_max",
                                        "c5_points", "c5_max", "c6_points", "disciplined"]

    /// Both files are checked in full, each row on its own, so that one run lists every problem
    /// of both; then they are joined by unit code.
    /// `defaultMaxima`: Contents 1, 2, 4, 5, for a maximum the council's file leaves blank.
    public static func load(content3 path: String, council councilPath: String, defaultMaxima: [Decimal], content3Name: String? = nil,
                            councilName: String? = nil) throws -> (units: [UnitScores], problems: [RankProblem]) {
        let councilName = councilName ?? councilPath, content3Name = content3Name ?? path
        var problems: [RankProblem] = []
        let council = councilRows(try table(councilPath, councilName), councilName, defaultMaxima, &problems)
        let content3 = content3Rows(try table(path, content3Name), content3Name, &problems)
        guard let council, let content3 else { return ([], problems.sorted()) }

        var units: [UnitScores] = []
        for r in content3 {
            guard let c = council.rows[r.code] else {
                problems.append(RankProblem(file: councilName, line: 1, column: nil,
                                            message: "thiếu đơn vị \(r.code) (\(r.name)): không xếp hạng được."))
                continue
            }
            guard let p = c.points, let m = c.maxima, let disciplined = c.disciplined, let p3 = r.points, let m3 = r.maxPoints,
                  let index = r.index else { continue }
            units.append(UnitScores(index: index, code: r.code, name: r.name, points: [p[0], p[1], p3, p[2], p[3], p[4]],
                                    maxima: [m[0], m[1], m3, m[2], m[3]], disciplined: disciplined))
        }
        let seen = Set(content3.map(\.code))
        for (code, c) in council.rows where !seen.contains(code) {
            problems.append(RankProblem(file: councilName, line: c.line, column: council.codeColumn + 1,
                                        message: "đơn vị \(code) không có trong kết quả Nội dung 3."))
        }
        return (units, problems.sorted())
    }

    /// A council row as read: nil where a value has a problem (reported).
    private struct CouncilRow {
        var line: Int
        var points: [Decimal]?
        var maxima: [Decimal]?
        var disciplined: Bool?
    }

    private static func councilRows(_ t: Table, _ file: String, _ defaultMaxima: [Decimal], _ problems: inout [RankProblem])
        -> (rows: [String: CouncilRow], codeColumn: Int)? {
        guard let cols = columns(councilColumns, t, file, &problems) else { return nil }
        var rows: [String: CouncilRow] = [:]
        for r in t.rows {
            let code = r.fields[cols[0]]
            if let first = rows[code] {
                problems.append(RankProblem(file: file, line: r.line, column: cols[0] + 1, message: "đơn vị \(code) đã có ở dòng \(first.line)."))
                continue
            }
            let before = problems.count
            func number(_ i: Int, _ what: String, default value: Decimal? = nil) -> Decimal? {
                let text = r.fields[cols[i]].trimmingCharacters(in: .whitespaces)
                if text.isEmpty, let value { return value }
                guard let n = Decimals.parse(text) else {
                    problems.append(RankProblem(file: file, line: r.line, column: cols[i] + 1, message: "\(what) \"\(text)\" không phải là số."))
                    return nil
                }
                return n
            }
            let points = [number(1, "điểm Nội dung 1"), number(3, "điểm Nội dung 2"), number(5, "điểm Nội dung 4"),
                          number(7, "điểm Nội dung 5"), number(9, "điểm Nội dung 6", default: 0)]
            let maxima = [number(2, "điểm tối đa Nội dung 1", default: defaultMaxima[0]), number(4, "điểm tối đa Nội dung 2", default: defaultMaxima[1]),
                          number(6, "điểm tối đa Nội dung 4", default: defaultMaxima[2]), number(8, "điểm tối đa Nội dung 5", default: defaultMaxima[3])]
            let flag = r.fields[cols[10]].trimmingCharacters(in: .whitespaces).lowercased()
            let disciplined: Bool? = ["1", "có", "co", "yes", "true", "x"].contains(flag) ? true
                : ["", "0", "không", "khong", "no", "false"].contains(flag) ? false : nil
            if disciplined == nil {
                problems.append(RankProblem(file: file, line: r.line, column: cols[10] + 1,
                                            message: "\"\(flag)\" không rõ: ghi 1 (có người đứng đầu hoặc cấp phó bị kỷ luật) hoặc 0."))
            }
            let p = points.compactMap { $0 }, m = maxima.compactMap { $0 }
            if p.count == points.count, m.count == maxima.count {
                // A maximum of 0: the content is not assigned to the unit, which is not scored on it.
                for (i, content) in [1, 2, 4, 5].enumerated() where m[i] < 0 {
                    problems.append(RankProblem(file: file, line: r.line, column: cols[2 + 2 * i] + 1,
                                                message: "điểm tối đa Nội dung \(content) (\(m[i])) không được âm; ghi 0 nếu đơn vị không được chấm nội dung này."))
                }
                for (i, content) in [1, 2, 4, 5].enumerated() where m[i] >= 0 && (p[i] < 0 || p[i] > m[i]) {
                    problems.append(RankProblem(file: file, line: r.line, column: cols[1 + 2 * i] + 1,
                                                message: "điểm Nội dung \(content) (\(p[i])) phải từ 0 đến \(m[i])."))
                }
                if p[4] > 0 {
                    problems.append(RankProblem(file: file, line: r.line, column: cols[9] + 1,
                                                message: "điểm trừ (Nội dung 6) phải là 0 hoặc số âm."))
                }
            }
            let clean = problems.count == before
            rows[code] = CouncilRow(line: r.line, points: clean ? p : nil, maxima: clean ? m : nil, disciplined: clean ? disciplined : nil)
        }
        return (rows, cols[0])
    }

    /// A Content 3 row as read: nil where a value has a problem (reported).
    private struct Content3Row {
        var code: String
        var name: String
        var index: IndexCode?
        var points: Decimal?
        var maxPoints: Decimal?
    }

    private static func content3Rows(_ t: Table, _ file: String, _ problems: inout [RankProblem]) -> [Content3Row]? {
        guard let cols = columns(["index", "unit_code", "unit_name", "points", "max_points"], t, file, &problems) else { return nil }
        var rows: [Content3Row] = []
        var firstLine: [String: Int] = [:]
        for r in t.rows {
            let code = r.fields[cols[1]]
            if let first = firstLine[code] {
                problems.append(RankProblem(file: file, line: r.line, column: cols[1] + 1, message: "đơn vị \(code) đã có ở dòng \(first)."))
                continue
            }
            firstLine[code] = r.line
            let before = problems.count
            let index = r.fields[cols[0]].isEmpty ? nil : IndexCode(r.fields[cols[0]])
            if index == nil {
                problems.append(RankProblem(file: file, line: r.line, column: cols[0] + 1, message: "thiếu mã Chỉ số."))
            }
            let points = Decimals.parse(r.fields[cols[3]]), maxPoints = Decimals.parse(r.fields[cols[4]])
            if points == nil {
                problems.append(RankProblem(file: file, line: r.line, column: cols[3] + 1, message: "điểm \"\(r.fields[cols[3]])\" không phải là số."))
            }
            if maxPoints == nil {
                problems.append(RankProblem(file: file, line: r.line, column: cols[4] + 1, message: "điểm tối đa \"\(r.fields[cols[4]])\" không phải là số."))
            }
            if let points, let maxPoints, points < 0 || points > maxPoints {
                problems.append(RankProblem(file: file, line: r.line, column: cols[3] + 1,
                                            message: "điểm Nội dung 3 (\(points)) phải từ 0 đến điểm tối đa \(maxPoints)."))
            }
            let clean = problems.count == before
            rows.append(Content3Row(code: code, name: r.fields[cols[2]], index: clean ? index : nil,
                                    points: clean ? points : nil, maxPoints: clean ? maxPoints : nil))
        }
        return rows
    }

    private typealias Table = (header: [String], rows: [(line: Int, fields: [String])])

    private static func table(_ path: String, _ name: String) throws -> Table {
        let (records, _) = try CSVReader(path: path, name: name).readAll()
        guard let header = records.first else { throw RankProblem(file: name, line: 1, column: nil, message: "tệp trống.") }
        return (header.fields, records.dropFirst().map { r in
            (r.line, r.fields + Array(repeating: "", count: max(0, header.fields.count - r.fields.count)))
        })
    }

    private static func columns(_ names: [String], _ t: Table, _ file: String, _ problems: inout [RankProblem]) -> [Int]? {
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
    public static let table = CSVTable<RankedUnit>([
        .init("index") { .text($0.scores.index.rawValue) },
        .init("rank") { .number(String($0.rank)) },
        .init("unit_code") { .text($0.scores.code) },
        .init("unit_name") { .text($0.scores.name) },
    ] + (0..<5).flatMap { c -> [CSVTable<RankedUnit>.Column] in [
        .init("c\(c + 1)_points") { number($0.scores.points[c]) },
        .init("c\(c + 1)_max") { number($0.scores.maxima[c]) },
    ] } + [
        .init("c6_points") { number($0.scores.points[5]) },
        .init("total") { number($0.scores.total) },
        .init("max_points") { number($0.scores.maximum) },
        .init("percent") { number($0.scores.percent) },
        .init("level") { .text($0.level.title) },
        .init("cchc_percent") { number($0.scores.reformPercent) },
        .init("cchc_level") { .text($0.reformLevel.title) },
        .init("flags") { .text($0.flags.map(\.rawValue).joined(separator: ";")) },
    ])

    /// Percentages are shown with 2 decimals; the levels were decided on the exact values.
    static func number(_ x: Decimal) -> CSVCell { .number(Decimals.format(x, scale: 2)) }
}
