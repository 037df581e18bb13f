import ArgumentParser
import KhaoSatExport

@main
struct KhaoSat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "khaosat",
        abstract: "Quy đổi kết quả khảo sát xã hội học ra điểm Nội dung 3 của bộ chỉ số chất lượng hoạt động, theo bộ phiếu của tỉnh.",
        version: Version.full,
        subcommands: [Check.self, Validate.self, Convert.self, Quality.self, Backcheck.self, Explain.self, Rank.self, Report.self, Diff.self, Compare.self, Inspect.self, Key.self]
    )
}
