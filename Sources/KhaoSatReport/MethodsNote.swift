import Foundation
import KhaoSatConvert
import KhaoSatExport
import KhaoSatIngest
import KhaoSatQuality
import KhaoSatQuestionnaire
import KhaoSatRank

/// Thuyết minh phương pháp: who was surveyed and how many, the rule in words with the set's own
/// parameters, the intervals, what was set aside and why, the quality checks and phúc tra, and how
/// anyone can redo it — generated from the run, for the Appraisal Council to attach. A section of
/// the report and a page of its own (`methods.html`).
package struct MethodsNote {
    package var run: Content3Document
    package var ranking: RankingDocument?
    package var integrity: IntegrityData?

    package init(run: Content3Document, ranking: RankingDocument?, integrity: IntegrityData?) {
        self.run = run
        self.ranking = ranking
        self.integrity = integrity
    }

    /// The note as its own printable page, with the document's heading and signatures.
    package func page() -> String {
        let heading = DocumentHeading(run.manifest)
        return heading.open(kind: "THUYẾT MINH", title: "Phương pháp khảo sát và quy đổi kết quả thành điểm", manifest: run.manifest)
            + html(numbered: "") + heading.signatures() + HTMLReport.inputs(run, ranking) + "</body></html>\n"
    }

    func html(numbered prefix: String) -> String {
        let m = run.manifest
        var h = "<section class=\"methods\"><h2>\(prefix)Thuyết minh phương pháp</h2>\n"
        let d = m.document
        h += "<h3>1. Căn cứ</h3><p>\(e(d?.decision.isEmpty == false ? d!.decision : "Bộ phiếu \(m.questionnaireSet)")); "
            + "bộ phiếu \(e(m.questionnaireSet))\(d.map { $0.title.isEmpty ? "" : " (" + e($0.title) + ")" } ?? ""). "
            + "Khảo sát được thực hiện độc lập; Sở Nội vụ quy đổi kết quả thành điểm theo từng tiêu chí, tiêu chí thành phần "
            + "bằng phần mềm KhaoSat \(e(m.khaosatVersion)), với các tham số ghi dưới đây.</p>\n"
        h += respondents()
        h += rule()
        h += intervals()
        h += setAside()
        h += quality()
        h += "<h3>7. Công khai, minh bạch, tái lập được</h3><p>Mọi con số trong văn bản này tính lại được: cùng bộ phiếu và "
            + "các tệp dữ liệu (mã SHA-256 ở mục cuối), cùng phiên bản KhaoSat, lệnh <code>khaosat convert --reproducible</code> "
            + "cho ra đúng từng byte các tệp kết quả. Điểm tính bằng số thập phân chính xác và chỉ làm tròn một lần, "
            + "lên nửa, đến 2 chữ số cho mỗi tiêu chí thành phần. Mỗi dòng dữ liệu hoặc được tính, "
            + "hoặc bị loại ra kèm lý do (quarantine.csv); tổng các dòng luôn khớp. Đơn vị hỏi vì sao được điểm của mình nhận hồ sơ "
            + "đơn vị (<code>khaosat explain --unit MÃ --format html</code>).</p>\n"
        return h + "</section>\n"
    }

    /// Per index and group: respondents counted and units with at least one.
    private func respondents() -> String {
        let m = run.manifest
        let groups = m.groupNames.keys.sorted()
        var h = "<h3>2. Đối tượng khảo sát và số phiếu</h3><p>\(groups.count) nhóm người trả lời: "
            + groups.map { e(m.groupNames[$0] ?? $0) }.joined(separator: "; ")
            + ". Mỗi phiếu được tính là phiếu của một người về một đơn vị. Số phiếu được tính và số đơn vị có phiếu của từng nhóm:</p>\n"
        h += "<div class=\"wide\"><table class=\"methods-table\"><thead><tr><th>Chỉ số</th><th>Số đơn vị</th>"
            + groups.map { "<th>\(e(m.groupNames[$0] ?? $0))</th>" }.joined() + "<th>Tổng số phiếu</th></tr></thead><tbody>\n"
        for index in Set(run.units.map(\.index)).sorted() {
            let units = run.units.filter { $0.index == index }
            h += "<tr><td>\(e(m.title(of: index)))</td><td class=\"n\">\(units.count)</td>"
            for g in groups {
                let n = units.map { $0.respondentsByGroup[g] ?? 0 }.reduce(0, +)
                let asked = units.filter { ($0.respondentsByGroup[g] ?? 0) > 0 }.count
                h += "<td class=\"n\">\(n == 0 ? "–" : "\(HTML.count(n)) phiếu, \(asked) đơn vị")</td>"
            }
            h += "<td class=\"n\">\(HTML.count(units.map(\.respondents).reduce(0, +)))</td></tr>\n"
        }
        return h + "</tbody></table></div>\n"
    }

    /// The rule in words, with the set's parameters as the run recorded them.
    private func rule() -> String {
        let p = run.manifest.parameters
        let blueprint = p.blueprint
        var h = "<h3>3. Cách quy đổi câu trả lời thành điểm</h3><p>Mỗi câu trả lời được quy ra mức đạt từ 0 đến 1 theo vị trí "
            + "của nó trên thang của câu hỏi (câu tốt nhất 1, kém nhất 0); câu \"Không biết\" và câu bỏ trống không được tính. "
            + "Một phiếu được tính khi có câu trả lời ở ít nhất \(HTML.number(p.minCompleteness * 100, scale: 0)) % số câu hỏi chấm điểm. "
            + "Câu nhiều lựa chọn: \(p.selectMultiple == .share ? "mức đạt là tỷ lệ các lựa chọn tích cực được chọn" : "lấy lựa chọn tốt nhất"). "
            + "Cùng một người đánh giá cùng một đơn vị nhiều lần: tính \(p.duplicates == .first ? "phiếu đầu tiên" : "phiếu sau cùng").</p>\n"
        let kinds = Set(blueprint.map(\.method))
        var ways: [String] = []
        if kinds.contains(.mean) { ways.append("<b>bình quân</b>: điểm = điểm tối đa × mức đạt bình quân của các nhóm (theo trọng số nhóm)") }
        if kinds.contains(.share) { ways.append("<b>tỷ lệ</b>: điểm = điểm tối đa × tỷ lệ phiếu có mức đạt từ ngưỡng trở lên") }
        if kinds.contains(.minmax) { ways.append("<b>min–max</b>: điểm = điểm tối đa × (mức đạt của đơn vị − thấp nhất) / (cao nhất − thấp nhất) trong Chỉ số") }
        h += "<p>Điểm mỗi tiêu chí thành phần: " + ways.joined(separator: "; ") + ". Nếu không nhóm nào đủ số phiếu tối thiểu, "
            + "tiêu chí được xử lý theo quy định của bộ phiếu (cột Xử lý khi ít phiếu).</p>\n"
        let groups = run.manifest.groupNames
        h += "<div class=\"wide\"><table class=\"methods-table\"><thead><tr><th>Chỉ số</th><th>Tiêu chí thành phần</th><th>Tối đa</th><th>Cách tính</th>"
            + "<th>Trọng số nhóm</th><th>Phiếu tối thiểu</th><th>Xử lý khi ít phiếu</th></tr></thead><tbody>\n"
        for s in blueprint {
            let weights = s.groups.sorted { $0.key < $1.key }.map { "\(e(groups[$0.key] ?? $0.key)) \(HTML.number($0.value, scale: 2))" }
            h += "<tr><td>\(e(s.index))</td><td>\(e(s.subcriterion))</td><td class=\"n\">\(HTML.number(s.maxPoints))</td>"
                + "<td>\(Self.method(s.method))\(s.threshold.map { " (ngưỡng \(HTML.number($0)))" } ?? "")</td>"
                + "<td>\(weights.joined(separator: "; "))</td><td class=\"n\">\(s.minRespondents)</td><td>\(Self.policy(s.lowSample))</td></tr>\n"
        }
        h += "</tbody></table></div>\n"
        if !p.notApplicable.isEmpty {
            h += "<p>Tiêu chí không áp dụng với đơn vị (not-applicable.csv): \(p.notApplicable.count) cặp đơn vị – tiêu chí; "
                + "điểm tối đa của đơn vị giảm tương ứng và tỷ lệ % tính trên điểm tối đa còn lại.</p>\n"
        }
        return h
    }

    private func intervals() -> String {
        var counts: [String: Int] = [:]
        for u in run.units {
            let words: String
            switch u.intervalBasis {
            case .design(let kinds, _)?: words = kinds.map(\.title).joined(separator: "; ")
            case .none(let why)?: words = "không có khoảng tin cậy: " + why.title
            case nil: words = "không có khoảng tin cậy"
            }
            counts[words, default: 0] += 1
        }
        return "<h3>4. Sai số do chọn mẫu (khoảng tin cậy 95 %)</h3><p>Mỗi điểm đi kèm khoảng tin cậy 95 % tính theo thiết kế "
            + "khảo sát: danh sách người được hỏi (rosters.csv, nếu có), điều tra viên, số phiếu; khoảng của tổng Nội dung 3 tính "
            + "một lần trên từng người trả lời. Khoảng cho biết điểm có thể khác bao nhiêu nếu hỏi những người khác; điểm công bố "
            + "vẫn là điểm tính từ phiếu. Số đơn vị theo cách tính khoảng:</p><ul>"
            + counts.sorted { $0.key < $1.key }.map { "<li>\(e($0.key)): \($0.value)</li>" }.joined() + "</ul>\n"
            + (run.manifest.parameters.bootstrap.map { b in
                "<p>Thứ hạng: lấy mẫu lại người trả lời \(b.replicates) lần (bootstrap, hạt giống \(b.seed)) để ước lượng khoảng thứ hạng của mỗi đơn vị.</p>\n"
            } ?? "")
    }

    private func setAside() -> String {
        let t = run.manifest.totals
        var reasons: [String: Int] = [:]
        for u in run.units { for (r, n) in u.setAside { reasons[r, default: 0] += n } }
        let c = HTML.count
        var h = "<h3>5. Phiếu bị loại và phiếu trùng</h3><p>Đã đọc \(c(t.rows)) dòng (\(c(t.submissions)) phiếu): \(c(t.accepted)) phiếu được tính, "
            + "\(c(t.setAside)) phiếu bị loại ra kèm lý do, \(c(t.duplicates)) phiếu trùng bị bỏ. Lý do của những phiếu bị loại có ghi đơn vị:</p>"
        h += reasons.isEmpty ? "<p>Không có.</p>\n"
            : "<ul>" + reasons.sorted { $0.key < $1.key }.map { "<li>\(e(Reason(rawValue: $0.key)?.title ?? $0.key)): \($0.value)</li>" }.joined() + "</ul>\n"
        return h
    }

    private func quality() -> String {
        var h = "<h3>6. Kiểm tra chất lượng và phúc tra</h3>"
        guard let q = run.manifest.quality else { return h + "<p>Lượt quy đổi này không ghi kết quả kiểm tra chất lượng.</p>\n" }
        h += "<p>\(HTML.count(q.submissions)) phiếu được kiểm tra (thời gian phỏng vấn, phỏng vấn ban đêm, trả lời giống nhau, gần trùng, "
            + "tập trung điều tra viên …); \(HTML.count(q.flaggedSubmissions)) phiếu gắn cờ. Phiếu gắn cờ vẫn được tính trừ khi Sở Nội vụ quyết định loại."
        if !q.flags.isEmpty {
            h += " Theo loại cờ: " + q.flags.sorted { $0.key < $1.key }.map { "\(e(QualityFlag(rawValue: $0.key)?.title ?? $0.key)): \($0.value)" }
                .joined(separator: "; ") + "."
        }
        if let excluded = q.excluded, excluded > 0 {
            h += " Đã loại \(excluded) phiếu theo cờ " + (q.excludedFlags ?? []).map { e(QualityFlag(rawValue: $0)?.title ?? $0) }.joined(separator: ", ") + "."
        }
        h += "</p>\n"
        if !q.notChecked.isEmpty {
            // The checks' own sentences name flags by code: said in words here.
            h += "<p>Chưa kiểm tra được (thiếu thông tin phỏng vấn trong tệp):</p><ul>" + q.notChecked.map { line in
                "<li>" + e(QualityFlag.allCases.reduce(line) { $0.replacingOccurrences(of: $1.rawValue, with: "“\($1.title.lowercased())”") }
                    .trimmingCharacters(in: CharacterSet(charactersIn: ". "))) + "</li>"
            }.joined() + "</ul>\n"
        }
        if let verdicts = integrity?.verdicts, !verdicts.isEmpty {
            let counts = Dictionary(grouping: verdicts.values, by: { $0 }).mapValues(\.count)
            h += "<p>Phúc tra: \(verdicts.count) điều tra viên được phúc tra; " + counts.sorted { $0.key < $1.key }
                .map { "\(e(Verdict(rawValue: $0.key)?.title ?? $0.key)): \($0.value)" }.joined(separator: "; ") + ".</p>\n"
        } else {
            h += "<p>Chưa có kết quả phúc tra trong lượt này.</p>\n"
        }
        return h
    }

    static func method(_ kind: ScoringMethod.Kind) -> String {
        switch kind {
        case .mean: "bình quân"
        case .share: "tỷ lệ"
        case .minmax: "min–max"
        }
    }

    static func policy(_ p: LowSamplePolicy) -> String {
        switch p {
        case .flag: "tính từ phiếu có, ghi chú"
        case .indexMean: "lấy bình quân Chỉ số"
        case .notApplicable: "không chấm, giảm điểm tối đa"
        case .zero: "0 điểm"
        }
    }

    private func e(_ s: String) -> String { HTML.escape(s) }
}
