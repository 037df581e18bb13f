import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatExport
import KhaoSatIngest
import KhaoSatQuality
import KhaoSatSpreadsheet

/// Everything behind one unit's points, for Sở Nội vụ to send a unit that asks (`khaosat explain
/// --unit CODE --format html|xlsx`, the portal's "Hồ sơ điểm"): per sub-criterion the respondents
/// counted per group, credits, weights and the formula with its numbers (`Explanation`'s lines),
/// the intervals, the rows set aside about the unit (file, line, reason: no answers, no ids), the
/// quality flags and phúc tra verdicts touching it, and the SHA-256 that ties it to the run.
/// Published by default: a group below `publish_min_respondents` is not shown (`all` shows it).
package struct UnitDossier {
    package struct SetAsideRow: Sendable, Equatable {
        package var file: String
        package var line: String
        package var reason: String
    }

    package struct FlagRow: Sendable, Equatable {
        package var file: String
        package var line: String
        package var interviewer: String
        package var flag: String
        package var evidence: String
    }

    package var run: Content3Document
    package var unit: UnitResult
    package var setAside: [SetAsideRow]
    package var flags: [FlagRow]
    /// Back-check verdicts of the interviewers named in the unit's flags, or all when no flag names one.
    package var verdicts: [(interviewer: String, verdict: String)]
    /// SHA-256 of the run's content3.json, whose manifest holds every input's and output's.
    package var runDigest: String
    package var all: Bool

    /// From a run's folder; nil when the unit is not in it.
    package static func read(directory: String, unit code: String, all: Bool = false) throws -> UnitDossier? {
        let run = try Content3Document.read(directory: directory)
        guard let unit = run.units.first(where: { $0.code == code }) else { return nil }
        func rows(_ name: String) throws -> [[String: String]] {
            let path = directory + "/" + name
            return FileManager.default.fileExists(atPath: path) ? try CSVReader(path: path).readNamedRows().rows : []
        }
        // quarantine.csv writes the unit as the file gave it: its code or its name.
        let setAside = try rows("quarantine.csv").filter { $0["unit"] == unit.code || $0["unit"] == unit.name }.map {
            SetAsideRow(file: $0["file"] ?? "", line: $0["line"] ?? "", reason: $0["reason"] ?? "")
        }
        // A near-duplicate's evidence names the other submission by its id (a pseudonym at most): the file and line say enough.
        let flags = try rows("quality.csv").filter { $0["unit_code"] == unit.code }.map {
            FlagRow(file: $0["file"] ?? "", line: $0["line"] ?? "", interviewer: $0["interviewer"] ?? "", flag: $0["flag"] ?? "",
                    evidence: ($0["evidence"] ?? "").replacing(/phiếu "[^"]*"/, with: "phiếu"))
        }
        let named = Set(flags.map(\.interviewer).filter { !$0.isEmpty })
        let verdicts = try rows("backcheck-interviewers.csv").compactMap { r -> (String, String)? in
            guard let who = r["interviewer"], named.isEmpty || named.contains(who) else { return nil }
            return (who, r["verdict"] ?? "")
        }
        let digest = try Manifest.FileHash.of(path: directory + "/content3.json", name: "content3.json").sha256
        return UnitDossier(run: run, unit: unit, setAside: setAside, flags: flags, verdicts: verdicts, runDigest: digest, all: all)
    }

    private var explanation: Explanation {
        Explanation(unit: unit, groups: run.manifest.groupNames, publishMinimum: all ? nil : run.manifest.parameters.publishMinimum)
    }

    private var interval: ClosedRange<Decimal>? {
        all ? unit.interval : Explanation.publishedInterval(unit, minimum: run.manifest.parameters.publishMinimum)
    }

    package func html() -> String {
        let heading = DocumentHeading(run.manifest), m = run.manifest, u = unit
        var h = heading.open(kind: "HỒ SƠ ĐIỂM", title: "Điểm Nội dung 3 của \(u.name) (\(u.code))", manifest: m)
        h += "<section class=\"dossier\"><p><b>\(e(m.title(of: u.index)))</b>. Nội dung 3: <b>\(f(u.points)) / \(f(u.maxPoints))</b> điểm"
            + (u.percent.map { " (\(f($0)) %)" } ?? "")
            + (interval.map { "; khoảng tin cậy 95 %: \(f($0.lowerBound))–\(f($0.upperBound)) điểm" } ?? "")
            + ". Phiếu được tính: \(u.respondents)"
            + (u.respondentsByGroup.isEmpty ? "" : " (" + u.respondentsByGroup.sorted { $0.key < $1.key }.map { g, n in
                "\(e(m.groupNames[g] ?? g)): \(n)" + (u.populationByGroup[g].map { " / \($0) người" } ?? "")
            }.joined(separator: "; ") + ")") + ".</p>\n"
        if !u.flags.isEmpty { h += "<p class=\"warning\">Ghi chú: \(e(UnitNotes.words(u.flags))).</p>\n" }
        h += "<table class=\"dossier-table\"><thead><tr><th>Tiêu chí thành phần</th><th>Tối đa</th><th>Cách tính (số phiếu, hệ số, trọng số)</th>"
            + "<th>Điểm</th><th>Khoảng tin cậy 95 %</th><th>Trạng thái</th></tr></thead><tbody>\n"
        let x = explanation
        for s in u.subcriteria {
            let hidden = !all && Explanation.hidesSmallGroup(s, minimum: m.parameters.publishMinimum)
            let lines = x.explain(s).dropFirst().map { e($0.trimmingCharacters(in: .whitespaces)) }
            h += "<tr><td>\(e(s.code)) \(e(s.name))</td><td class=\"n\">\(f(s.maxPoints))</td><td class=\"formula\">\(lines.joined(separator: "<br>"))</td>"
                + "<td class=\"n\">\(hidden ? "không hiện" : f(s.points))</td>"
                + "<td class=\"n\">\(hidden ? "" : s.interval.map { "\(f($0.lowerBound))–\(f($0.upperBound))" } ?? "")</td>"
                + "<td>\(e(HTMLReport.statusTitle(s.status)))</td></tr>\n"
        }
        h += "</tbody></table>\n<p>" + u.criteria.map { c in "Tiêu chí \(e(c.code)): \(f(c.points)) / \(f(c.maxPoints))" }.joined(separator: "; ")
            + "; Nội dung 3 = tổng các tiêu chí = \(f(u.points)) / \(f(u.maxPoints)) điểm.</p>\n"
        h += "<h3>Phiếu về đơn vị bị loại ra</h3>"
        h += setAside.isEmpty ? "<p>Không có.</p>\n" : "<table><thead><tr><th>Tệp</th><th>Dòng</th><th>Lý do</th></tr></thead><tbody>"
            + setAside.map { "<tr><td>\(e($0.file))</td><td class=\"n\">\(e($0.line))</td><td>\(e(Reason(rawValue: $0.reason)?.title ?? $0.reason))</td></tr>" }.joined()
            + "</tbody></table>\n"
        h += "<h3>Kiểm tra chất lượng và phúc tra</h3>"
        h += flags.isEmpty ? "<p>Không có phiếu nào của đơn vị gắn cờ chất lượng.</p>\n"
            : "<table><thead><tr><th>Tệp</th><th>Dòng</th><th>Điều tra viên</th><th>Cờ</th><th>Căn cứ</th></tr></thead><tbody>"
                + flags.map { "<tr><td>\(e($0.file))</td><td class=\"n\">\(e($0.line))</td><td>\(e($0.interviewer))</td>"
                    + "<td>\(e(HTMLReport.flagTitle($0.flag)))</td><td>\(e($0.evidence))</td></tr>" }.joined()
                + "</tbody></table><p>Phiếu gắn cờ vẫn được tính trừ khi Sở Nội vụ quyết định loại.</p>\n"
        h += verdicts.isEmpty ? "<p>Chưa có kết quả phúc tra trong lượt này.</p>\n"
            : "<p>Phúc tra: " + verdicts.map { "\(e($0.interviewer)): \(e(HTMLReport.verdictTitle($0.verdict)))" }.joined(separator: "; ") + ".</p>\n"
        if !all, u.subcriteria.contains(where: { Explanation.hidesSmallGroup($0, minimum: m.parameters.publishMinimum) }) {
            h += "<p class=\"meta\">Hệ số của nhóm dưới \(m.parameters.publishMinimum) người trả lời không hiện, để không nhận ra từng người "
                + "(publish_min_respondents); điểm vẫn được tính vào tổng.</p>\n"
        }
        h += "<p class=\"meta\">Lượt quy đổi: content3.json SHA-256 <span class=\"hash\">\(runDigest)</span> "
            + "(manifest của nó ghi SHA-256 của mọi tệp đầu vào và kết quả). Tính lại: khaosat explain --unit \(e(u.code)).</p></section>\n"
        return h + heading.signatures() + HTMLReport.inputs(run, nil) + "</body></html>\n"
    }

    /// The same as a workbook: the unit's lines of content3-criteria.csv (the CSV's cells), the formula lines, what was set aside and flagged.
    package func spreadsheet() -> Spreadsheet {
        let m = run.manifest, heading = DocumentHeading(m), u = unit
        let groups = m.groupNames.keys.sorted()
        let table = Tables.criteria(groups: groups)
        let lines = Tables.criteriaLines([u])
        let x = explanation
        let hidden = { (line: Tables.CriteriaLine) -> Bool in
            if case .subcriterion(_, let s) = line { return !all && Explanation.hidesSmallGroup(s, minimum: m.parameters.publishMinimum) }
            return false
        }
        let rows: [[CSVCell]] = lines.map { line in
            let cells = table.cells(line)
            guard hidden(line) else { return cells }
            // Points, credit and interval of a group too small to publish are left blank, as on the portal.
            return zip(table.columns, cells).map { ["points", "credit", "ci_low", "ci_high"].contains($0.name) ? "" : $1 }
        }
        let formulas: [[CSVCell]] = u.subcriteria.flatMap { s in x.explain(s).map { [.text(s.code), .text($0.trimmingCharacters(in: .whitespaces))] } }
        let title = "\(u.name) (\(u.code)) – \(m.title(of: u.index))"
        return Spreadsheet(title: "Hồ sơ điểm – " + title, created: heading.created, sheets: [
            .init(name: "Điểm", preamble: ["Hồ sơ điểm Nội dung 3: " + title, heading.subtitle, "content3.json SHA-256 " + runDigest],
                  header: ResultsWorkbook.titles(table.header, groupNames: m.groupNames),
                  rows: rows, landscape: true),
            .init(name: "Cách tính", preamble: ["Cách tính từng tiêu chí thành phần", title], header: ["Tiêu chí thành phần", "Diễn giải"], rows: formulas, widest: 100),
            .init(name: "Loại ra và cờ", preamble: ["Phiếu về đơn vị bị loại ra, phiếu gắn cờ chất lượng", title],
                  header: ["Tệp", "Dòng", "Loại", "Lý do / cờ", "Căn cứ"],
                  rows: setAside.map { [.text($0.file), .number($0.line), .text("loại ra"), .text(Reason(rawValue: $0.reason)?.title ?? $0.reason), ""] }
                    + flags.map { [.text($0.file), .number($0.line), .text("cờ chất lượng"), .text(HTMLReport.flagTitle($0.flag)), .text($0.evidence)] }),
        ])
    }

    private func f(_ x: Decimal) -> String { HTML.number(x) }
    private func e(_ s: String) -> String { HTML.escape(s) }
}
