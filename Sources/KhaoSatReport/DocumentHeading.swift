import Foundation
import KhaoSatCSV
import KhaoSatExport
import KhaoSatQuestionnaire
import KhaoSatSpreadsheet

/// What a printed page says it is: the set's title and decision (set.csv), or the set's folder name
/// for a run made before the manifest carried them; and the parts of an administrative document
/// (Nghị định 30/2020/NĐ-CP) every printed page of KhaoSat shares.
struct DocumentHeading {
    var settings: DocumentSettings
    var set: String
    /// The run's time, or a fixed one for a reproducible run (a workbook's date is in its bytes).
    var created: Date

    init(_ m: Manifest) {
        set = m.questionnaireSet
        settings = m.document ?? DocumentSettings(title: "", province: "", year: "", decision: "")
        created = m.runTime.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Spreadsheet.reproducible
    }

    var title: String { settings.title.isEmpty ? "Kết quả khảo sát – bộ phiếu \(set)" : settings.title }

    /// "Đắk Lắk · năm 2025 · Quyết định số … · bộ phiếu dak-lak-2025".
    var subtitle: String {
        ([settings.province, settings.year.isEmpty ? "" : "năm " + settings.year, settings.decision].filter { !$0.isEmpty }
            + ["bộ phiếu \(set)"]).joined(separator: " · ")
    }

    /// The page up to the end of its heading: authority and issuer, number line, quốc hiệu and tiêu
    /// ngữ, date line left to fill, the kind and title, the set, the run's time in Vietnam time.
    func open(kind: String, title: String, manifest m: Manifest, bodyClass: String? = nil) -> String {
        let e = HTML.escape, s = settings
        let time = m.runTime.map { ISO8601DateFormatter().date(from: $0).map(VietnamTime.display) ?? $0 }
        return """
        <!DOCTYPE html>
        <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(title)) – \(e(self.title))</title>
        <style>\(ReportStyle.css)</style></head><body\(bodyClass.map { " class=\"\($0)\"" } ?? "")>
        <header class="document">
        <table class="heading"><tr><td><div>\(e(s.authority))</div><div class="body">\(e(s.body))</div><div class="rule"></div>
        <div>Số: ………/BC-……</div></td>
        <td><div class="body">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div><div class="motto">Độc lập – Tự do – Hạnh phúc</div><div class="rule"></div>
        <div class="date">\(e(s.place.isEmpty ? "" : s.place + ", "))ngày …… tháng …… năm ……</div></td></tr></table>
        <h1>\(e(kind))<br>\(e(title))</h1>
        <p class="subtitle">\(e(self.title))</p>
        <p class="subtitle">\(e(subtitle))</p>
        <p class="meta">KhaoSat \(e(m.khaosatVersion))\(time.map { " · số liệu tính lúc \(e($0)) (giờ Việt Nam)" } ?? "")\
         · SHA-256 của từng tệp đầu vào ở mục cuối, để đối chiếu bản in với dữ liệu.</p>
        </header>

        """
    }

    /// The signature block: one column per signer, as set.csv's `signers` names them.
    func signatures() -> String {
        "<section class=\"signatures\"><table><tr>"
            + settings.signers.map { "<td><b>\(HTML.escape($0.uppercased()))</b><br><i>(Ký, ghi rõ họ tên)</i></td>" }.joined()
            + "</tr></table></section>\n"
    }
}
