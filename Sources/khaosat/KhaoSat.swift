import ArgumentParser
import KhaoSatExport

@main
struct KhaoSat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "khaosat",
        abstract: "Quy đổi kết quả khảo sát xã hội học ra điểm Nội dung 3 (Quyết định 02050/QĐ-UBND, Đắk Lắk).",
        version: Version.khaosat,
        subcommands: [Check.self, Validate.self, Convert.self, Explain.self, Rank.self, Report.self, Inspect.self]
    )
}
