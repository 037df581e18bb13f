import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatExport
import KhaoSatIngest
import KhaoSatQuality
import KhaoSatQuestionnaire
import KhaoSatRank

/// One self-contained HTML page (styles and charts inline, no network, no web fonts) in
/// Vietnamese, laid out as an administrative document (Nghị định 30/2020/NĐ-CP: quốc hiệu,
/// tiêu ngữ, issuing body, number and date lines, signature block) and printable on A4: the main
/// part is per index the ranking (landscape) and its charts, the methods note and the signatures;
/// each unit's detail is an annex, open on screen and printed only when asked (`annexInPrint`).
package struct HTMLReport {
    package var run: Content3Document
    package var ranking: RankingDocument?
    package var integrity: IntegrityData?
    /// Print the unit details too (`khaosat report --annex`); on screen they are always there.
    package var annexInPrint: Bool

    package init(run: Content3Document, ranking: RankingDocument?, integrity: IntegrityData? = nil, annexInPrint: Bool = false) {
        self.run = run
        self.ranking = ranking
        self.integrity = integrity
        self.annexInPrint = annexInPrint
    }

    private var heading: DocumentHeading { DocumentHeading(run.manifest) }
    private var indices: [IndexCode] { Set(run.units.map(\.index)).sorted() }

    package func render() -> String {
        var h = heading.open(kind: "BÁO CÁO", title: title, manifest: run.manifest, bodyClass: annexInPrint ? "print-annex" : nil)
        h += overview()
        for (n, index) in indices.enumerated() { h += indexSection(index, number: n + 1) }
        h += MethodsNote(run: run, ranking: ranking, integrity: integrity).html(numbered: "\(roman(indices.count + 2)). ")
        h += heading.signatures()
        h += annex()
        h += Self.inputs(run, ranking)
        return h + "</body></html>\n"
    }

    /// "Kết quả xếp loại, xếp hạng …" when the ranking is there (the page carries all six contents), else Content 3's.
    private var title: String {
        ranking == nil ? "Kết quả khảo sát xã hội học (Nội dung \(ranking?.rules.contents.survey ?? 3))"
            : "Kết quả xác định chất lượng hoạt động, xếp loại và xếp hạng các cơ quan, đơn vị"
    }

    private func overview() -> String {
        var h = "<section class=\"overview\"><h2>I. Tổng quát</h2><div class=\"wide\"><table class=\"summary\"><thead><tr><th>Chỉ số</th><th>Số đơn vị</th>"
            + "<th>Có phiếu khảo sát</th><th>Không có phiếu</th><th>Phiếu được tính</th>"
        let levels = ranking.map { r in QualityLevel.allCases.reversed().map { r.rules.name(of: $0) } } ?? []
        h += levels.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for index in indices {
            let units = run.units.filter { $0.index == index }
            let asked = units.filter { $0.respondents > 0 }.count
            h += "<tr><td>\(e(run.manifest.title(of: index)))</td><td class=\"n\">\(units.count)</td><td class=\"n\">\(asked)</td>"
                + "<td class=\"n\">\(units.count - asked)</td><td class=\"n\">\(HTML.count(units.map(\.respondents).reduce(0, +)))</td>"
            if let ranking {
                let ranked = ranking.units.filter { $0.scores.index == index }
                h += QualityLevel.allCases.reversed().map { l in "<td class=\"n\">\(ranked.filter { $0.level == l }.count)</td>" }.joined()
            }
            h += "</tr>\n"
        }
        return h + "</tbody></table></div></section>\n"
    }

    private func indexSection(_ index: IndexCode, number: Int) -> String {
        let units = run.units.filter { $0.index == index }
        let ranked = ranking?.units.filter { $0.scores.index == index }
        var h = "<section class=\"index\"><div class=\"landscape\"><h2>\(roman(number + 1)). \(e(run.manifest.title(of: index)))"
            + "\(run.manifest.contentPoints(of: index).map { " – Nội dung 3: \(f($0)) điểm" } ?? "")</h2>\n"
        h += ranked.map { rankingTable($0, rules: ranking!.rules) } ?? content3Table(units)
        h += "</div><div class=\"charts\">" + content3Chart(units, order: ranked?.map(\.scores.code), index: index)
        if let ranked, let rules = ranking?.rules {
            h += levelChart(ranked, rules: rules) + contentsChart(ranked, rules: rules)
        }
        if let integrity { h += integritySection(units, integrity) }
        return h + "</div></section>\n"
    }

    private func rankingTable(_ ranked: [RankedUnit], rules: RankingSettings) -> String {
        var t = "<div class=\"wide\"><table class=\"ranking\"><thead><tr><th>Hạng</th><th>Đơn vị</th>"
            + rules.contents.all.map { "<th>ND \($0)</th>" }.joined()
            + "<th>Tổng / tối đa</th><th>%</th><th>Xếp loại</th><th>CCHC %</th><th>Loại CCHC</th><th>Ghi chú</th></tr></thead><tbody>\n"
        for r in ranked {
            let s = r.scores
            let notes = s.surveyGaps.map(\.title) + r.flags.map(\.title) + r.surveyNoise.map(\.title)
            t += "<tr\(s.surveyGaps.contains(.noResponses) ? " class=\"no-survey\"" : "")><td class=\"n\">\(r.rank)</td><td>\(e(s.name))</td>"
                + s.points.map { "<td class=\"n\">\(f($0))</td>" }.joined()
                + "<td class=\"n\">\(f(s.total)) / \(f(s.maximum))</td><td class=\"n\">\(f(s.percent))</td>"
                + "<td>\(e(rules.name(of: r.level)))</td><td class=\"n\">\(f(r.reformPercent))</td><td>\(e(rules.name(of: r.reformLevel)))</td>"
                + "<td class=\"notes\">\(e(notes.joined(separator: "; ")))</td></tr>\n"
        }
        t += "</tbody></table></div>\n"
        let gaps = ranked.filter { !$0.scores.surveyGaps.isEmpty }
        if !gaps.isEmpty {
            t += "<p class=\"warning\">\(gaps.count)/\(ranked.count) đơn vị có điểm Nội dung \(rules.contents.survey) không dựa trên đủ phiếu khảo sát "
                + "(\(gaps.filter { $0.scores.surveyGaps.contains(.noResponses) }.count) đơn vị không có phiếu nào): xem cột Ghi chú. "
                + "Quyết định chỉ cho chấm nội dung này qua khảo sát; đơn vị không có phiếu giữ điểm đã tính.</p>\n"
        }
        guard ranked.contains(where: { $0.rankInterval != nil }) else { return t }
        // The bootstrap's annex: where each unit's rank could fall, and how often it is excellent.
        t += "<table class=\"rank-interval\"><caption>Thứ hạng khi lấy mẫu lại người trả lời (bootstrap): khoảng 95 % và "
            + "tỷ lệ số lần đạt \(e(rules.name(of: .excellent)))</caption><thead><tr><th>Hạng</th><th>Đơn vị</th>"
            + "<th>Khoảng hạng</th><th>Xác suất xuất sắc</th></tr></thead><tbody>\n"
        for r in ranked {
            t += "<tr><td class=\"n\">\(r.rank)</td><td>\(e(r.scores.name))</td><td class=\"n\">\(r.rankInterval.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "")</td>"
                + "<td class=\"n\">\(r.excellentProbability.map { f($0 * 100) + " %" } ?? "")</td></tr>\n"
        }
        return t + "</tbody></table>\n"
    }

    private func content3Table(_ units: [UnitResult]) -> String {
        var t = "<div class=\"wide\"><table class=\"content3\"><thead><tr><th>Đơn vị</th><th>Điểm</th><th>Tối đa</th><th>%</th>"
            + "<th>Khoảng tin cậy 95 %</th><th>Phiếu</th><th>Ghi chú</th></tr></thead><tbody>\n"
        for u in units {
            t += "<tr\(u.respondents == 0 ? " class=\"no-survey\"" : "")><td>\(e(u.name))</td><td class=\"n\">\(f(u.points))</td><td class=\"n\">\(f(u.maxPoints))</td>"
                + "<td class=\"n\">\(u.percent.map { f($0) } ?? "")</td><td class=\"n\">\(shownInterval(u).map { "\(f($0.lowerBound))–\(f($0.upperBound))" } ?? "")</td>"
                + "<td class=\"n\">\(u.respondents)</td><td class=\"notes\">\(e(UnitNotes.words(u.flags)))</td></tr>\n"
        }
        return t + "</tbody></table></div>\n"
    }

    /// Content 3 per unit in ranking order (or by points), with the total's 95 % interval; units
    /// nobody was asked about marked, not drawn as a zero.
    private func content3Chart(_ units: [UnitResult], order: [String]?, index: IndexCode) -> String {
        let byCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let ordered = order?.compactMap { byCode[$0] }
            ?? units.sorted { ($0.points, $1.code) > ($1.points, $0.code) }
        let maximum = units.map(\.maxPoints).max() ?? 0
        var h = ""
        let parts = Charts.chunks(ordered)
        for (i, part) in parts.enumerated() {
            h += "<figure>" + Charts.bars(part.map { u in
                Charts.Bar(label: u.name, value: u.points, interval: shownInterval(u), noResponses: u.respondents == 0)
            }, axisMaximum: maximum, axisTitle: "Điểm Nội dung 3 (tối đa \(f(maximum)))",
                caption: "Điểm Nội dung 3 và khoảng tin cậy 95 %")
            h += "<figcaption>Hình: Điểm Nội dung 3 của \(e(run.manifest.title(of: index)))\(parts.count > 1 ? " (phần \(i + 1)/\(parts.count))" : ""), "
                + "\(order == nil ? "xếp theo điểm" : "theo thứ hạng").</figcaption></figure>\n"
        }
        return h + Charts.legend([("bar", "điểm Nội dung 3"), ("ci", "khoảng tin cậy 95 % (sai số do chọn người được hỏi)"),
                                  ("none", "không có phiếu khảo sát")])
            + "<p class=\"meta\">Khoảng tin cậy tính theo thiết kế khảo sát (danh sách đại biểu, điều tra viên, số phiếu): điểm có thể "
            + "dao động bao nhiêu chỉ vì ai được hỏi. Hai khoảng giao nhau không có nghĩa là hai đơn vị ngang nhau; "
            + "đơn vị không có khoảng là đơn vị mà mọi người trong danh sách đều trả lời hoặc quá ít phiếu để ước lượng.</p>\n"
    }

    private func levelChart(_ ranked: [RankedUnit], rules: RankingSettings) -> String {
        let levels = QualityLevel.allCases.reversed()
        let counts = levels.map { l in Decimal(ranked.filter { $0.level == l }.count) }
        return "<figure>" + Charts.bars(zip(levels, counts).map { Charts.Bar(label: rules.name(of: $0), value: $1, interval: nil, noResponses: false) },
                                        axisMaximum: counts.max() ?? 1, axisTitle: "Số đơn vị",
                                        caption: "Số đơn vị theo mức xếp loại")
            + "<figcaption>Hình: Số đơn vị theo mức xếp loại (sau tỷ lệ tối đa đơn vị xuất sắc).</figcaption></figure>\n"
    }

    private func contentsChart(_ ranked: [RankedUnit], rules: RankingSettings) -> String {
        let contents = rules.contents.all
        let maximum = ranked.map(\.scores.maximum).max() ?? 100
        let parts = Charts.chunks(ranked)
        return parts.enumerated().map { i, part in
            "<figure>" + Charts.stacked(part.map { ($0.scores.name, contents.map($0.scores.points(of:))) },
                                        partNames: contents.map { $0 == rules.contents.deduction ? "ND \($0) (điểm trừ)" : "ND \($0)" },
                                        axisMaximum: maximum, axisTitle: "Tổng điểm (tối đa \(f(maximum)))",
                                        caption: "Điểm từng nội dung của mỗi đơn vị")
                + "<figcaption>Hình: Điểm sáu nội dung của từng đơn vị, theo thứ hạng\(parts.count > 1 ? " (phần \(i + 1)/\(parts.count))" : "").</figcaption></figure>\n"
        }.joined()
    }

    private func shownInterval(_ u: UnitResult) -> ClosedRange<Decimal>? {
        Explanation.publishedInterval(u, minimum: run.manifest.parameters.publishMinimum)
    }

    private func annex() -> String {
        "<section class=\"annex\"><details\(annexInPrint ? " open" : "")><summary><h2>Phụ lục: Chi tiết từng đơn vị</h2></summary>\n"
            + run.units.map(unitDetail).joined() + "</details></section>\n"
    }

    private func unitDetail(_ u: UnitResult) -> String {
        let groups = run.manifest.groupNames
        var d = "<article class=\"unit\"><h3>\(e(u.name)) (\(e(u.code)))</h3>"
            + "<p>Nội dung 3: <b>\(f(u.points)) / \(f(u.maxPoints))</b> điểm"
            + (shownInterval(u).map { " (khoảng tin cậy 95 %: \(f($0.lowerBound))–\(f($0.upperBound)))" } ?? "")
            + " · phiếu được chấp nhận: \(u.respondents)"
        if !u.respondentsByGroup.isEmpty {
            // With a roster, the response rate n / N beside the count.
            d += " (" + u.respondentsByGroup.sorted { $0.key < $1.key }.map { g, n in
                "\(e(groups[g] ?? g)): \(n)" + (u.populationByGroup[g].map { " / \($0) người, \(f(u.responseRate(g)! * 100)) %" } ?? "")
            }.joined(separator: "; ") + ")"
        }
        if let flagged = integrity?.flaggedSubmissions[u.code]?.count, flagged > 0 {
            d += " · phiếu gắn cờ chất lượng: \(flagged)/\(u.respondents)"
                + (u.respondents > 0 ? " (\(f(Decimal(flagged) * 100 / Decimal(u.respondents))) %)" : "")
        }
        if !u.setAside.isEmpty {
            d += " · bị loại ra: " + u.setAside.sorted { $0.key < $1.key }.map { "\(e(Reason(rawValue: $0.key)?.title ?? $0.key)): \($0.value)" }.joined(separator: "; ")
        }
        d += "</p>\n<table class=\"detail\"><thead><tr><th>Tiêu chí</th><th>Tối đa</th><th>Điểm</th><th>Khoảng tin cậy</th>"
            + "<th>Phiếu theo nhóm</th><th>Trạng thái</th></tr></thead><tbody>\n"
        let minimum = run.manifest.parameters.publishMinimum
        for s in u.subcriteria {
            let counts = s.groups.map { "\(e(groups[$0.group] ?? $0.group)): \($0.tally.counted)" }.joined(separator: "; ")
            // A group of fewer respondents could be told apart (two delegates rating their own commune).
            let shown = Explanation.hidesSmallGroup(s, minimum: minimum)
                ? "<td class=\"small-group\" colspan=\"2\">không hiện: nhóm dưới \(minimum) người trả lời</td>"
                : "<td class=\"n\">\(f(s.points))</td><td class=\"n\">\(s.interval.map { "\(f($0.lowerBound))–\(f($0.upperBound))" } ?? "")</td>"
            d += "<tr><td>\(e(s.code)) \(e(s.name))</td><td class=\"n\">\(f(s.maxPoints))</td>\(shown)"
                + "<td>\(counts)</td><td>\(e(Self.statusTitle(s.status)))</td></tr>\n"
        }
        return d + "</tbody></table></article>\n"
    }

    /// Per index: flags by type, the share of flagged submissions per unit, the interviewers
    /// concentrated on its units or whose answers stand out, and the back-check's verdicts.
    private func integritySection(_ units: [UnitResult], _ data: IntegrityData) -> String {
        let codes = Set(units.map(\.code))
        var byFlag: [String: Int] = [:]
        for code in codes { for (flag, n) in data.flagsByUnit[code] ?? [:] { byFlag[flag, default: 0] += n } }
        var h = "<div class=\"integrity\"><h3>Tính toàn vẹn của khảo sát</h3>"
        h += byFlag.isEmpty ? "<p>Không có phiếu nào gắn cờ chất lượng.</p>"
            : "<p>Cờ chất lượng: " + byFlag.sorted { $0.key < $1.key }.map { "\(e(Self.flagTitle($0.key))): \($0.value)" }.joined(separator: "; ") + ".</p>"
        let shares = units.compactMap { u -> String? in
            guard let n = data.flaggedSubmissions[u.code]?.count, n > 0, u.respondents > 0 else { return nil }
            return "\(e(u.name)) \(n)/\(u.respondents) (\(f(Decimal(n) * 100 / Decimal(u.respondents))) %)"
        }
        if !shares.isEmpty { h += "<p>Phiếu gắn cờ theo đơn vị: " + shares.joined(separator: "; ") + ".</p>" }
        let people = data.interviewerFindings.filter { $0.unit.isEmpty || codes.contains($0.unit) }
        if !people.isEmpty {
            h += "<p>Điều tra viên cần xem xét: " + people.map { "\(e($0.interviewer)) (\(e(Self.flagTitle($0.flag))): \(e($0.evidence)))" }
                .joined(separator: "; ") + ".</p>"
        }
        let verdicts = data.verdicts.filter { $0.value != "ok" }.sorted { $0.key < $1.key }
        if !data.verdicts.isEmpty {
            h += "<p>Phúc tra: \(data.verdicts.count) điều tra viên; "
                + (verdicts.isEmpty ? "không ai phải xem xét hay loại." : verdicts.map { "\(e($0.key)): \(e(Self.verdictTitle($0.value)))" }.joined(separator: "; ") + ".")
                + "</p>"
        }
        return h + "</div>\n"
    }

    /// The inputs with their SHA-256 and counts: what ties a printed page to the data.
    static func inputs(_ run: Content3Document, _ ranking: RankingDocument?) -> String {
        let e = HTML.escape
        var m = "<section class=\"manifest\"><h2>Dữ liệu đầu vào (để đối chiếu bản in với dữ liệu)</h2>"
            + "<table class=\"inputs\"><thead><tr><th>Tệp</th><th>SHA-256</th><th>Dòng đọc</th><th>Chấp nhận</th><th>Loại ra</th><th>Trùng</th></tr></thead><tbody>\n"
        for i in run.manifest.inputs {
            let a = i.accounting
            m += "<tr><td>\(e(i.file.path))</td><td class=\"hash\">\(i.file.sha256)</td>"
                // Title rows and KoBo's hashtag row are read but are no submission: said, so the columns add up.
                + "<td class=\"n\">\(a.map { HTML.count($0.rows) + ($0.notSubmissions > 0 ? " (\(HTML.count($0.notSubmissions)) không phải phiếu)" : "") } ?? e(i.failure ?? ""))</td>"
                + "<td class=\"n\">\(a.map { HTML.count($0.accepted) } ?? "")</td>"
                + "<td class=\"n\">\(a.map { HTML.count($0.setAside) } ?? "")</td><td class=\"n\">\(a.map { HTML.count($0.duplicates) } ?? "")</td></tr>\n"
        }
        for i in ranking?.inputs ?? [] {
            m += "<tr><td>\(e(i.path))</td><td class=\"hash\">\(i.sha256)</td><td></td><td></td><td></td><td></td></tr>\n"
        }
        return m + "</tbody></table></section>\n"
    }

    static func statusTitle(_ s: Status) -> String {
        switch s {
        case .ok: return "đủ phiếu"
        case .lowSample: return "ít phiếu"
        case .imputed: return "lấy bình quân Chỉ số"
        case .notApplicable: return "không chấm"
        }
    }

    static func flagTitle(_ code: String) -> String { QualityFlag(rawValue: code)?.title ?? code }

    static func verdictTitle(_ code: String) -> String { Verdict(rawValue: code)?.title ?? code }

    private func roman(_ n: Int) -> String { ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][min(max(n, 1), 10) - 1] }

    private func f(_ x: Decimal) -> String { HTML.number(x) }

    private func e(_ s: String) -> String { HTML.escape(s) }
}
