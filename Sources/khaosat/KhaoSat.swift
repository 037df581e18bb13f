import ArgumentParser

@main
struct KhaoSat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "khaosat",
        abstract: "Quy đổi kết quả khảo sát xã hội học ra điểm Nội dung 3 (Quyết định 02050/QĐ-UBND, Đắk Lắk).",
        version: "0.1.0",
        subcommands: [Check.self, Validate.self, Inspect.self]
    )
}
