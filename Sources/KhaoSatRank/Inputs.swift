import Foundation
import KhaoSatCSV
import KhaoSatQuestionnaire

/// A problem with the rank inputs, with its place.
package struct RankProblem: Error, Sendable, Codable, Equatable, CustomStringConvertible {
    package var file: String
    package var line: Int
    package var column: Int?
    package var message: String

    package var description: String { "\(file):\(line)\(column.map { ", cột \($0)" } ?? ""): \(message)" }
}

extension RankProblem: Comparable {
    /// File, line, column: the order a person fixes them in.
    package static func < (a: RankProblem, b: RankProblem) -> Bool {
        (a.file, a.line, a.column ?? 0) < (b.file, b.line, b.column ?? 0)
    }
}

/// Reads the Appraisal Council's file and the Content 3 results (`content3.csv`, the export
/// contract) and joins them by unit code.
package enum RankInputs {
    /// Columns of the council file (Decision 02050: `c1_points, c1_max, c2_points, c2_max, c4_points,
    /// c4_max, c5_points, c5_max, c6_points, disciplined`); a blank maximum takes the set's.
    package static func councilColumns(_ contents: RankingSettings.Contents) -> [String] {
        ["unit_code"] + contents.all.filter { $0 != contents.survey }.flatMap { c in
            c == contents.deduction ? ["c\(c)_points"] : ["c\(c)_points", "c\(c)_max"]
        } + ["disciplined"]
    }

    /// Both files are checked in full, each row on its own, so that one run lists every problem
    /// of both; then they are joined by unit code. The rules say which content is which, and give
    /// the maximum of a council content the council's file leaves blank.
    package static func load(content3 path: String, council councilPath: String, rules: RankingSettings, content3Name: String? = nil,
                            councilName: String? = nil) throws -> (units: [UnitScores], problems: [RankProblem]) {
        let councilName = councilName ?? councilPath, content3Name = content3Name ?? path
        var problems: [RankProblem] = []
        let council = councilRows(try table(councilPath, councilName), councilName, rules, &problems)
        let content3 = content3Rows(try table(path, content3Name), content3Name, survey: rules.contents.survey, &problems)
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
            let contents = rules.contents
            let points = Dictionary(uniqueKeysWithValues: zip(contents.council + (contents.deduction.map { [$0] } ?? []), p))
                .merging([contents.survey: p3]) { a, _ in a }
            let maxima = Dictionary(uniqueKeysWithValues: zip(contents.council, m)).merging([contents.survey: m3]) { a, _ in a }
            units.append(UnitScores(index: index, code: r.code, name: r.name, contents: contents.all, deduction: contents.deduction,
                                    points: contents.all.map { points[$0]! }, maxima: contents.withMaximum.map { maxima[$0]! },
                                    disciplined: disciplined, surveyInterval: r.interval, surveyGaps: r.gaps))
        }
        let seen = Set(content3.map(\.code))
        for (code, c) in council.rows where !seen.contains(code) {
            problems.append(RankProblem(file: councilName, line: c.line, column: council.codeColumn + 1,
                                        message: "đơn vị \(code) không có trong kết quả Nội dung 3."))
        }
        return (units, problems.sorted())
    }

    /// A council row as read: nil where a value has a problem (reported). Points: the council's
    /// contents, then the deduction; maxima: the council's contents.
    private struct CouncilRow {
        var line: Int
        var points: [Decimal]?
        var maxima: [Decimal]?
        var disciplined: Bool?
    }

    private static func councilRows(_ t: Table, _ file: String, _ rules: RankingSettings, _ problems: inout [RankProblem])
        -> (rows: [String: CouncilRow], codeColumn: Int)? {
        let contents = rules.contents
        let names = councilColumns(contents)
        guard let column = columns(names, t, file, &problems) else { return nil }
        var rows: [String: CouncilRow] = [:]
        for r in t.rows {
            let code = r.fields[column["unit_code"]]
            if let first = rows[code] {
                problems.append(RankProblem(file: file, line: r.line, column: column["unit_code"] + 1, message: "đơn vị \(code) đã có ở dòng \(first.line)."))
                continue
            }
            let before = problems.count
            func number(_ name: String, _ what: String, default value: Decimal? = nil) -> Decimal? {
                let text = r.fields[column[name]].trimmingCharacters(in: .whitespaces)
                if text.isEmpty, let value { return value }
                guard let n = Decimals.parse(text) else {
                    problems.append(RankProblem(file: file, line: r.line, column: column[name] + 1, message: "\(what) \"\(text)\" không phải là số."))
                    return nil
                }
                return n
            }
            let points = contents.council.map { number("c\($0)_points", "điểm Nội dung \($0)") }
                + (contents.deduction.map { [number("c\($0)_points", "điểm Nội dung \($0)", default: 0)] } ?? [])
            let maxima = zip(contents.council, rules.councilMaxima).map { number("c\($0)_max", "điểm tối đa Nội dung \($0)", default: $1) }
            let flagColumn = column["disciplined"]
            let flag = r.fields[flagColumn].trimmingCharacters(in: .whitespaces).lowercased()
            let disciplined: Bool? = ["1", "có", "co", "yes", "true", "x"].contains(flag) ? true
                : ["", "0", "không", "khong", "no", "false"].contains(flag) ? false : nil
            if disciplined == nil {
                problems.append(RankProblem(file: file, line: r.line, column: flagColumn + 1,
                                            message: "\"\(flag)\" không rõ: ghi 1 (có người đứng đầu hoặc cấp phó bị kỷ luật) hoặc 0."))
            }
            let p = points.compactMap { $0 }, m = maxima.compactMap { $0 }
            if p.count == points.count, m.count == maxima.count {
                // A maximum of 0: the content is not assigned to the unit, which is not scored on it.
                for (i, content) in contents.council.enumerated() where m[i] < 0 {
                    problems.append(RankProblem(file: file, line: r.line, column: column["c\(content)_max"] + 1,
                                                message: "điểm tối đa Nội dung \(content) (\(m[i])) không được âm; ghi 0 nếu đơn vị không được chấm nội dung này."))
                }
                for (i, content) in contents.council.enumerated() where m[i] >= 0 && (p[i] < 0 || p[i] > m[i]) {
                    problems.append(RankProblem(file: file, line: r.line, column: column["c\(content)_points"] + 1,
                                                message: "điểm Nội dung \(content) (\(p[i])) phải từ 0 đến \(m[i])."))
                }
                if let d = contents.deduction, p[contents.council.count] > 0 {
                    problems.append(RankProblem(file: file, line: r.line, column: column["c\(d)_points"] + 1,
                                                message: "điểm trừ (Nội dung \(d)) phải là 0 hoặc số âm."))
                }
            }
            let clean = problems.count == before
            rows[code] = CouncilRow(line: r.line, points: clean ? p : nil, maxima: clean ? m : nil, disciplined: clean ? disciplined : nil)
        }
        return (rows, column["unit_code"])
    }

    /// A Content 3 row as read: nil where a value has a problem (reported).
    private struct Content3Row {
        var code: String
        var name: String
        var index: IndexCode?
        var points: Decimal?
        var maxPoints: Decimal?
        /// `ci_low`, `ci_high` (export version 3); nil in older runs.
        var interval: ClosedRange<Decimal>?
        var gaps: [SurveyGap]
    }

    private static func content3Rows(_ t: Table, _ file: String, survey: Int, _ problems: inout [RankProblem]) -> [Content3Row]? {
        guard let cols = columns(["index", "unit_code", "unit_name", "points", "max_points"], t, file, &problems) else { return nil }
        var rows: [Content3Row] = []
        var firstLine: [String: Int] = [:]
        for r in t.rows {
            let code = r.fields[cols["unit_code"]]
            if let first = firstLine[code] {
                problems.append(RankProblem(file: file, line: r.line, column: cols["unit_code"] + 1, message: "đơn vị \(code) đã có ở dòng \(first)."))
                continue
            }
            firstLine[code] = r.line
            let before = problems.count
            let index = r.fields[cols["index"]].isEmpty ? nil : IndexCode(r.fields[cols["index"]])
            if index == nil {
                problems.append(RankProblem(file: file, line: r.line, column: cols["index"] + 1, message: "thiếu mã Chỉ số."))
            }
            let points = Decimals.parse(r.fields[cols["points"]]), maxPoints = Decimals.parse(r.fields[cols["max_points"]])
            if points == nil {
                problems.append(RankProblem(file: file, line: r.line, column: cols["points"] + 1, message: "điểm \"\(r.fields[cols["points"]])\" không phải là số."))
            }
            if maxPoints == nil {
                problems.append(RankProblem(file: file, line: r.line, column: cols["max_points"] + 1, message: "điểm tối đa \"\(r.fields[cols["max_points"]])\" không phải là số."))
            }
            if let points, let maxPoints, points < 0 || points > maxPoints {
                problems.append(RankProblem(file: file, line: r.line, column: cols["points"] + 1,
                                            message: "điểm Nội dung \(survey) (\(points)) phải từ 0 đến điểm tối đa \(maxPoints)."))
            }
            let clean = problems.count == before
            let ends = ["ci_low", "ci_high"].map { name in t.header.firstIndex(of: name).flatMap { Decimals.parse(r.fields[$0]) } }
            rows.append(Content3Row(code: code, name: r.fields[cols["unit_name"]], index: clean ? index : nil,
                                    points: clean ? points : nil, maxPoints: clean ? maxPoints : nil,
                                    interval: ends[0].flatMap { low in ends[1].map { low...max(low, $0) } },
                                    gaps: t.header.firstIndex(of: "flags").map { SurveyGap.gaps(inFlags: r.fields[$0]) } ?? []))
        }
        return rows
    }

    /// `content3-replicates.csv`: per replicate, the survey points by unit code.
    package static func replicates(_ path: String, name: String? = nil) throws -> [[String: Decimal]] {
        let name = name ?? path
        let t = try table(path, name)
        return try t.rows.map { row in
            var out: [String: Decimal] = [:]
            for (i, code) in t.header.enumerated().dropFirst() {
                guard let points = Decimals.parse(row.fields[i]) else {
                    throw RankProblem(file: name, line: row.line, column: i + 1, message: "điểm \"\(row.fields[i])\" không phải là số.")
                }
                out[code] = points
            }
            return out
        }
    }

    private typealias Table = (header: [String], rows: [(line: Int, fields: [String])])

    private static func table(_ path: String, _ name: String) throws -> Table {
        let (records, _) = try CSVReader(path: path, name: name).readAll()
        guard let header = records.first else { throw RankProblem(file: name, line: 1, column: nil, message: "tệp trống.") }
        return (header.fields, records.dropFirst().map { r in
            (r.line, r.fields + Array(repeating: "", count: max(0, header.fields.count - r.fields.count)))
        })
    }

    private static func columns(_ names: [String], _ t: Table, _ file: String, _ problems: inout [RankProblem]) -> NamedColumns? {
        switch NamedColumns.find(names, in: t.header) {
        case .success(let columns): return columns
        case .failure(let missing):
            problems.append(RankProblem(file: file, line: 1, column: nil, message: "thiếu cột " + missing.names.joined(separator: ", ") + "."))
            return nil
        }
    }
}

/// `ranking.csv`: one row per ranked unit, by index and rank; a column per content (`cN_points`,
/// and `cN_max` but for the deduction) and the levels by the set's names.
package enum RankingTable {
    package static func table(_ rules: RankingSettings) -> CSVTable<RankedUnit> {
        let contents = rules.contents
        return CSVTable<RankedUnit>([
            .init("index") { .text($0.scores.index.rawValue) },
            .init("rank") { .number(String($0.rank)) },
            .init("unit_code") { .text($0.scores.code) },
            .init("unit_name") { .text($0.scores.name) },
        ] + contents.all.flatMap { c -> [CSVTable<RankedUnit>.Column] in
            [.init("c\(c)_points") { number($0.scores.points(of: c)) }]
                + (c == contents.deduction ? [] : [.init("c\(c)_max") { number($0.scores.maximum(of: c) ?? 0) }])
        } + [
            .init("total") { number($0.scores.total) },
            .init("max_points") { number($0.scores.maximum) },
            .init("percent") { number($0.scores.percent) },
            .init("level") { .text(rules.name(of: $0.level)) },
            .init("cchc_percent") { number($0.reformPercent) },
            .init("cchc_level") { .text(rules.name(of: $0.reformLevel)) },
            .init("flags") { .text($0.flags.map(\.rawValue).joined(separator: ";")) },
            .init("survey_noise") { .text($0.surveyNoise.map(\.rawValue).joined(separator: ";")) },
            .init("rank_low") { $0.rankInterval.map { .number(String($0.lowerBound)) } ?? "" },
            .init("rank_high") { $0.rankInterval.map { .number(String($0.upperBound)) } ?? "" },
            .init("p_excellent") { $0.excellentProbability.map { .number(Decimals.format($0, scale: 4)) } ?? "" },
            .init("survey_gaps") { .text($0.scores.surveyGaps.map(\.rawValue).joined(separator: ";")) },
        ])
    }

    /// Percentages are shown with 2 decimals; the levels were decided on the exact values.
    static func number(_ x: Decimal) -> CSVCell { .number(Decimals.format(x, scale: 2)) }
}
