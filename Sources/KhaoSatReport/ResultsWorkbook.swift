import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatExport
import KhaoSatQuestionnaire
import KhaoSatRank
import KhaoSatSpreadsheet

/// `content3.xlsx`: what officers open in Excel. A sheet per index (the content3.csv columns,
/// respondents per group, notes in words), the sub-criteria (content3-criteria.csv), the ranking
/// when `rank` ran (ranking.csv) and the run's manifest. Cells are the CSVs' own, so the numbers
/// are equal to them by construction; the headers are in Vietnamese.
package struct ResultsWorkbook {
    package var run: Content3Document
    package var ranking: RankingDocument?

    package init(run: Content3Document, ranking: RankingDocument?) {
        self.run = run
        self.ranking = ranking
    }

    package func spreadsheet() -> Spreadsheet {
        let m = run.manifest
        let heading = DocumentHeading(m)
        var sheets: [Spreadsheet.Sheet] = []
        let groups = m.groupNames.keys.sorted()
        for index in Set(run.units.map(\.index)).sorted() {
            let table = Self.indexTable(groups: groups)
            sheets.append(.init(name: "Chỉ số \(index.rawValue)", preamble: [m.title(of: index), heading.subtitle],
                                header: Self.titles(table.header, groupNames: m.groupNames), rows: run.units.filter { $0.index == index }.map(table.cells),
                                landscape: true))
        }
        let criteria = Tables.criteria(groups: groups)
        sheets.append(.init(name: "Tiêu chí", preamble: ["Điểm từng tiêu chí, tiêu chí thành phần", heading.subtitle],
                            header: Self.titles(criteria.header, groupNames: m.groupNames), rows: Tables.criteriaLines(run.units).map(criteria.cells), landscape: true))
        if let ranking {
            let table = RankingTable.table(ranking.rules)
            sheets.append(.init(name: "Xếp hạng", preamble: ["Xếp loại, xếp hạng", heading.subtitle],
                                header: Self.titles(table.header, groupNames: m.groupNames), rows: ranking.units.map(table.cells), landscape: true))
        }
        sheets.append(manifestSheet(heading))
        return Spreadsheet(title: heading.title, created: heading.created,
                           sheets: sheets)
    }

    /// content3.csv's columns, then respondents per group and the notes in words.
    static func indexTable(groups: [String]) -> CSVTable<UnitResult> {
        CSVTable(Tables.content3.columns + groups.map { g in
            .init("respondents_\(g)") { .number(String($0.respondentsByGroup[g] ?? 0)) }
        } + [.init("notes") { .text(UnitNotes.words($0.flags)) }])
    }

    private func manifestSheet(_ heading: DocumentHeading) -> Spreadsheet.Sheet {
        let m = run.manifest
        var rows: [[CSVCell]] = [
            [.text("Bộ phiếu"), .text(m.questionnaireSet), "", "", "", ""],
            [.text("Phiên bản KhaoSat"), .text(m.khaosatVersion), "", "", "", ""],
            [.text("Phiên bản hợp đồng xuất"), .number(String(m.exportVersion)), "", "", "", ""],
            [.text("Thời điểm chạy (giờ Việt Nam)"), .text(m.runTime.flatMap { ISO8601DateFormatter().date(from: $0) }.map(VietnamTime.display) ?? "không ghi (--reproducible)"), "", "", "", ""],
            [.text("Độ hoàn thành tối thiểu"), .number(Decimals.format(m.parameters.minCompleteness, scale: 2)), "", "", "", ""],
            [.text("Câu nhiều lựa chọn"), .text(m.parameters.selectMultiple.rawValue), "", "", "", ""],
            [.text("Phiếu trùng"), .text(m.parameters.duplicates.rawValue), "", "", "", ""],
            [.text("Làm tròn"), .text(m.parameters.rounding), "", "", "", ""],
            [.text("Khoảng tin cậy"), .text(m.parameters.confidence), "", "", "", ""],
        ]
        if let b = m.parameters.bootstrap {
            rows.append([.text("Bootstrap"), .text("\(b.replicates) lần, hạt giống \(b.seed): \(b.method)"), "", "", "", ""])
        }
        rows.append(["", "", "", "", "", ""])
        rows.append([.text("Tệp"), .text("SHA-256"), .text("Dòng đọc"), .text("Chấp nhận"), .text("Loại ra"), .text("Trùng")])
        for i in m.inputs {
            let a = i.accounting
            rows.append([.text(i.file.path), .text(i.file.sha256), a.map { .number(String($0.rows)) } ?? .text(i.failure ?? ""),
                         a.map { .number(String($0.accepted)) } ?? "", a.map { .number(String($0.setAside)) } ?? "",
                         a.map { .number(String($0.duplicates)) } ?? ""])
        }
        for f in m.setFiles { rows.append([.text("bộ phiếu: " + f.path), .text(f.sha256), "", "", "", ""]) }
        for f in ranking?.inputs ?? [] { rows.append([.text("xếp hạng: " + f.path), .text(f.sha256), "", "", "", ""]) }
        return .init(name: "Thông tin lượt", preamble: ["Thông tin lượt quy đổi (để đối chiếu với dữ liệu)", heading.subtitle],
                     header: ["Mục", "Giá trị", "", "", "", ""], rows: rows, landscape: true, widest: 66)
    }

    static func titles(_ header: [CSVCell], groupNames: [String: String]) -> [String] {
        header.map { cell in
            guard case .text(let name) = cell else { return "" }
            return title(ofColumn: name, groupNames: groupNames)
        }
    }

    /// The Vietnamese header of a CSV column; a group's columns by the group's name.
    static func title(ofColumn name: String, groupNames: [String: String]) -> String {
        for (prefix, words) in [("respondents_", "Phiếu: "), ("response_rate_", "Tỷ lệ trả lời: ")] where name.hasPrefix(prefix) {
            let group = String(name.dropFirst(prefix.count))
            return words + (groupNames[group] ?? group)
        }
        if let c = name.firstMatch(of: /^c(\d+)_(points|max)$/) {
            return (c.2 == "points" ? "Điểm ND " : "Tối đa ND ") + c.1
        }
        return columnTitles[name] ?? name
    }

    static let columnTitles: [String: String] = [
        "index": "Chỉ số", "unit_code": "Mã đơn vị", "unit_name": "Tên đơn vị", "points": "Điểm", "max_points": "Điểm tối đa",
        "percent": "Tỷ lệ %", "respondents": "Số phiếu", "flags": "Mã ghi chú", "ci_low": "Khoảng tin cậy: dưới",
        "ci_high": "Khoảng tin cậy: trên", "ci_basis": "Cơ sở khoảng tin cậy", "notes": "Ghi chú",
        "criterion": "Tiêu chí", "subcriterion": "Tiêu chí thành phần", "credit": "Mức đạt", "method": "Cách quy đổi",
        "status": "Trạng thái", "rank": "Hạng", "total": "Tổng điểm", "level": "Xếp loại", "cchc_percent": "CCHC %",
        "cchc_level": "Xếp loại CCHC", "survey_noise": "Sai số khảo sát", "rank_low": "Hạng: thấp", "rank_high": "Hạng: cao",
        "p_excellent": "Xác suất xuất sắc", "survey_gaps": "Thiếu phiếu khảo sát",
    ]
}
