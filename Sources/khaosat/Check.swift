import ArgumentParser
import KhaoSatQuestionnaire

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Kiểm tra một bộ phiếu (Questionnaires/<bộ>/) và in tóm tắt.",
        discussion: "Mã thoát: 0 khi bộ phiếu hợp lệ, 1 khi có lỗi (mỗi lỗi ghi tệp:dòng)."
    )

    @Argument(help: "Thư mục bộ phiếu, ví dụ Questionnaires/dak-lak-2025.")
    var set: String

    func run() throws {
        let loaded = SetLoader.load(directory: set)
        for warning in loaded.warnings { printError("Cảnh báo: " + warning.description) }
        if let questionnaireSet = loaded.set, loaded.problems.isEmpty {
            print(SetSummary.render(questionnaireSet))
            return
        }
        for problem in loaded.problems { printError(problem.description) }
        printError("Bộ phiếu có \(loaded.problems.count) lỗi.")
        throw ExitCode(1)
    }
}
