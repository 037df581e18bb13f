import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatExport
import KhaoSatQuestionnaire
import KhaoSatRank

/// One self-contained HTML page (styles and charts inline, no network, no web fonts) in
/// Vietnamese, printable on A4: per index the ranking (or the Content 3 table when no
/// ranking was made) and a chart of Content 3 points with their intervals; per unit the
/// sub-criteria, respondents and rows set aside; the run's manifest.
public struct HTMLReport {
    public var run: Content3Document
    public var ranking: RankingDocument?
    public var integrity: IntegrityData?

    public init(run: Content3Document, ranking: RankingDocument?, integrity: IntegrityData? = nil) {
        self.run = run
        self.ranking = ranking
        self.integrity = integrity
    }

    /// The points of Content 3: in the title when every index has the same, else in each index's heading.
    private func points(_ index: IndexCode?) -> Decimal? {
        let m = run.manifest
        let distinct = Set(Set(run.units.map(\.index)).map { m.contentPoints(of: $0) })
        guard let index else { return distinct.count <= 1 ? distinct.first ?? m.contentPoints : nil }
        return distinct.count > 1 ? m.contentPoints(of: index) : nil
    }

    public func render() -> String {
        var h = """
        <!DOCTYPE html>
        <html lang="vi"><head><meta charset="utf-8">
        <title>Kết quả Nội dung 3 – \(e(run.manifest.questionnaireSet))</title>
        <style>\(Self.style)</style></head><body>
        <h1>Kết quả khảo sát xã hội học – Nội dung 3\(points(nil).map { " (\(f($0)) điểm)" } ?? "")</h1>
        <p class="meta">Bộ phiếu \(e(run.manifest.questionnaireSet)) · KhaoSat \(e(run.manifest.khaosatVersion))\
        \(run.manifest.runTime.map { " · chạy lúc \(e(ISO8601DateFormatter().date(from: $0).map(VietnamTime.display) ?? $0)) (giờ Việt Nam)" } ?? "")</p>

        """
        for index in Set(run.units.map(\.index)).sorted() {
            let units = run.units.filter { $0.index == index }
            h += "<section class=\"index\"><h2>\(e(run.manifest.title(of: index)))\(points(index).map { " – \(f($0)) điểm" } ?? "")</h2>\n"
            h += ranking.map { rankingTable($0.units.filter { $0.scores.index == index }, rules: $0.rules) } ?? content3Table(units)
            h += chart(units)
            h += "<p class=\"meta\">Vạch đen: khoảng tin cậy 95 % của điểm Nội dung 3, tính theo thiết kế khảo sát "
                + "(danh sách đại biểu, điều tra viên, số phiếu). Khoảng nói điểm có thể dao động bao nhiêu chỉ vì "
                + "ai được hỏi; hai khoảng giao nhau không có nghĩa là hai đơn vị ngang nhau.</p>\n"
            if let integrity { h += integritySection(units, integrity) }
            h += "</section>\n"
        }
        h += "<section><h2>Chi tiết từng đơn vị</h2>\n"
        for u in run.units { h += unitDetail(u) }
        h += "</section>\n" + manifest() + "</body></html>\n"
        return h
    }

    private func rankingTable(_ ranked: [RankedUnit], rules: RankingSettings) -> String {
        var t = "<table class=\"ranking\"><thead><tr><th>Hạng</th><th>Đơn vị</th>"
            + rules.contents.all.map { "<th>ND \($0)</th>" }.joined()
            + "<th>Tổng / tối đa</th><th>%</th><th>Xếp loại</th><th>CCHC %</th><th>Loại CCHC</th><th>Ghi chú</th></tr></thead><tbody>\n"
        for r in ranked {
            let s = r.scores
            t += "<tr><td>\(r.rank)</td><td>\(e(s.name))</td>"
                + s.points.map { "<td class=\"n\">\(f($0))</td>" }.joined()
                + "<td class=\"n\">\(f(s.total)) / \(f(s.maximum))</td><td class=\"n\">\(f(s.percent))</td>"
                + "<td>\(e(rules.name(of: r.level)))</td><td class=\"n\">\(f(r.reformPercent))</td><td>\(e(rules.name(of: r.reformLevel)))</td>"
                + "<td>\(e((s.surveyGaps.map(\.title) + r.flags.map(\.title)).joined(separator: "; ")))</td></tr>\n"
        }
        t += "</tbody></table>\n"
        let noisy = ranked.filter { !$0.surveyNoise.isEmpty }
        if !noisy.isEmpty {
            t += "<p class=\"meta\">Nơi sai số khảo sát có thể quyết định (xếp loại chính thức giữ nguyên; tính lại với điểm "
                + "Nội dung 3 ở hai đầu khoảng tin cậy 95 %):</p>\n<ul class=\"noise\">"
                + noisy.map { "<li>\(e($0.scores.name)): \(e($0.surveyNoise.map(\.title).joined(separator: "; ")))</li>" }.joined()
                + "</ul>\n"
        }
        guard ranked.contains(where: { $0.rankInterval != nil }) else { return t }
        // The bootstrap's annex: where each unit's rank could fall, and how often it is excellent.
        t += "<table class=\"rank-interval\"><caption>Thứ hạng khi lấy mẫu lại người trả lời (bootstrap): khoảng 95 % và "
            + "tỷ lệ số lần đạt \(e(rules.name(of: .excellent)))</caption><thead><tr><th>Hạng</th><th>Đơn vị</th>"
            + "<th>Khoảng hạng</th><th>Xác suất xuất sắc</th></tr></thead><tbody>\n"
        for r in ranked {
            t += "<tr><td>\(r.rank)</td><td>\(e(r.scores.name))</td><td class=\"n\">\(r.rankInterval.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "")</td>"
                + "<td class=\"n\">\(r.excellentProbability.map { f($0 * 100) + " %" } ?? "")</td></tr>\n"
        }
        return t + "</tbody></table>\n"
    }

    private func content3Table(_ units: [UnitResult]) -> String {
        var t = "<table class=\"content3\"><thead><tr><th>Đơn vị</th><th>Điểm</th><th>Tối đa</th><th>%</th>"
            + "<th>Phiếu</th><th>Ghi chú</th></tr></thead><tbody>\n"
        for u in units {
            t += "<tr><td>\(e(u.name))</td><td class=\"n\">\(f(u.points))</td><td class=\"n\">\(f(u.maxPoints))</td>"
                + "<td class=\"n\">\(u.percent.map(f) ?? "")</td><td class=\"n\">\(u.respondents)</td>"
                + "<td>\(e(u.flags.joined(separator: "; ")))</td></tr>\n"
        }
        return t + "</tbody></table>\n"
    }

    /// Horizontal bars of Content 3 points; the whisker is the total's 95 % interval, linearised
    /// over respondents (README "Uncertainty"); none where the total has no interval.
    private func chart(_ units: [UnitResult]) -> String {
        let scale = 30.0, row = 14.0, left = 230.0
        let width = left + 12 * scale + 20, height = Double(units.count) * row + 30
        var svg = "<svg class=\"chart\" role=\"img\" aria-label=\"Điểm Nội dung 3 và khoảng tin cậy\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        for tick in stride(from: 0, through: 12, by: 2) {
            let x = left + Double(tick) * scale
            svg += "<line x1=\"\(x)\" y1=\"0\" x2=\"\(x)\" y2=\"\(height - 18)\" class=\"grid\"/>"
                + "<text x=\"\(x)\" y=\"\(height - 4)\" class=\"tick\">\(tick)</text>\n"
        }
        for (i, u) in units.enumerated() {
            let y = Double(i) * row + 2
            let points = NSDecimalNumber(decimal: u.points).doubleValue
            let label = u.name.count > 42 ? String(u.name.prefix(41)) + "…" : u.name
            svg += "<text x=\"\(left - 6)\" y=\"\(y + 10)\" class=\"label\"><title>\(e(u.name))</title>\(e(label))</text>"
                + "<rect x=\"\(left)\" y=\"\(y + 2)\" width=\"\(points * scale)\" height=\"9\" class=\"bar\"/>"
            if let i = shownInterval(u) {
                let (l, hi) = (NSDecimalNumber(decimal: i.lowerBound).doubleValue, NSDecimalNumber(decimal: i.upperBound).doubleValue)
                svg += "<line x1=\"\(left + l * scale)\" y1=\"\(y + 6.5)\" x2=\"\(left + hi * scale)\" y2=\"\(y + 6.5)\" class=\"ci\"/>"
            }
            svg += "\n"
        }
        return svg + "</svg>\n"
    }

    private func shownInterval(_ u: UnitResult) -> ClosedRange<Decimal>? {
        Explanation.publishedInterval(u, minimum: run.manifest.parameters.publishMinimum)
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
            d += " · bị loại ra: " + u.setAside.sorted { $0.key < $1.key }.map { "\(e($0.key)) \($0.value)" }.joined(separator: "; ")
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
            : "<p>Cờ chất lượng: " + byFlag.sorted { $0.key < $1.key }.map { "\(e($0.key)) \($0.value)" }.joined(separator: "; ") + ".</p>"
        let shares = units.compactMap { u -> String? in
            guard let n = data.flaggedSubmissions[u.code]?.count, n > 0, u.respondents > 0 else { return nil }
            return "\(e(u.name)) \(n)/\(u.respondents) (\(f(Decimal(n) * 100 / Decimal(u.respondents))) %)"
        }
        if !shares.isEmpty { h += "<p>Phiếu gắn cờ theo đơn vị: " + shares.joined(separator: "; ") + ".</p>" }
        let people = data.interviewerFindings.filter { $0.unit.isEmpty || codes.contains($0.unit) }
        if !people.isEmpty {
            h += "<p>Điều tra viên cần xem xét: " + people.map { "\(e($0.interviewer)) (\(e($0.flag)): \(e($0.evidence)))" }
                .joined(separator: "; ") + ".</p>"
        }
        let verdicts = data.verdicts.filter { $0.value != "ok" }.sorted { $0.key < $1.key }
        if !data.verdicts.isEmpty {
            h += "<p>Phúc tra: \(data.verdicts.count) điều tra viên; "
                + (verdicts.isEmpty ? "không ai phải xem xét hay loại." : verdicts.map { "\(e($0.key)): \(e($0.value))" }.joined(separator: "; ") + ".")
                + "</p>"
        }
        return h + "</div>\n"
    }

    private func manifest() -> String {
        var m = "<section class=\"manifest\"><h2>Dữ liệu đầu vào (để đối chiếu bản in với dữ liệu)</h2>"
            + "<table><thead><tr><th>Tệp</th><th>SHA-256</th><th>Dòng đọc</th><th>Chấp nhận</th><th>Loại ra</th><th>Trùng</th></tr></thead><tbody>\n"
        for i in run.manifest.inputs {
            let a = i.accounting
            m += "<tr><td>\(e(i.file.path))</td><td class=\"hash\">\(i.file.sha256)</td>"
                // Title rows and KoBo's hashtag row are read but are no submission: said, so the columns add up.
                + "<td class=\"n\">\(a.map { "\($0.rows)" + ($0.notSubmissions > 0 ? " (\($0.notSubmissions) không phải phiếu)" : "") } ?? e(i.failure ?? ""))</td><td class=\"n\">\(a.map { "\($0.accepted)" } ?? "")</td>"
                + "<td class=\"n\">\(a.map { "\($0.setAside)" } ?? "")</td><td class=\"n\">\(a.map { "\($0.duplicates)" } ?? "")</td></tr>\n"
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

    private func f(_ x: Decimal) -> String { Decimals.vietnamese(x) }

    private func e(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let style = """
    @page { size: A4; margin: 14mm; }
    body { font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; color: #111; }
    h1 { font-size: 15pt; } h2 { font-size: 13pt; margin-top: 1.5em; } h3 { font-size: 11pt; margin-bottom: .2em; }
    table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; }
    th, td { border: 1px solid #999; padding: 2px 4px; vertical-align: top; }
    th { background: #eee; } td.n { text-align: right; white-space: nowrap; } td.hash { font-family: monospace; font-size: 7pt; }
    .meta { color: #555; }
    svg.chart { width: 100%; max-width: 180mm; } .label { font-size: 8px; text-anchor: end; } .tick { font-size: 8px; text-anchor: middle; }
    .bar { fill: #4a7ab5; } .ci { stroke: #111; stroke-width: 1.2; } .grid { stroke: #ddd; stroke-width: .5; }
    section.index { page-break-after: always; } article.unit { page-break-inside: avoid; }
    """
}
