import KhaoSatExport
import KhaoSatQuestionnaire

/// What a printed page says it is: the set's title and decision (set.csv), or the set's folder name
/// for a run made before the manifest carried them.
struct DocumentHeading {
    var settings: DocumentSettings
    var set: String

    init(_ m: Manifest) {
        set = m.questionnaireSet
        settings = m.document ?? DocumentSettings(title: "", province: "", year: "", decision: "")
    }

    var title: String { settings.title.isEmpty ? "Kết quả khảo sát – bộ phiếu \(set)" : settings.title }

    /// "Đắk Lắk · năm 2025 · Quyết định số … · bộ phiếu dak-lak-2025".
    var subtitle: String {
        ([settings.province, settings.year.isEmpty ? "" : "năm " + settings.year, settings.decision].filter { !$0.isEmpty }
            + ["bộ phiếu \(set)"]).joined(separator: " · ")
    }
}
