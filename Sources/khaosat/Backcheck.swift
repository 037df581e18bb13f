import ArgumentParser
import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatExport
import KhaoSatIngest
import KhaoSatPipeline
import KhaoSatQuality
import KhaoSatQuestionnaire

struct Backcheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backcheck",
        abstract: "Phúc tra: chọn mẫu phiếu để liên hệ lại, rồi so sánh kết quả phúc tra với phiếu gốc.",
        subcommands: [Sample.self, Compare.self]
    )

    /// What both steps share: the run and its set.
    struct RunOptions: ParsableArguments {
        @Option(name: .customLong("run"), help: "Thư mục kết quả của khaosat convert (các tệp đầu vào được đọc lại và kiểm tra SHA-256).")
        var runDirectory: String

        @Option(name: .customLong("questionnaires"), help: "Thư mục bộ phiếu của lượt quy đổi.")
        var set: String

        @Option(help: "Tệp khoá bí danh của lượt quy đổi; mặc định: tệp mà biến môi trường KHAOSAT_KEY_FILE chỉ tới.")
        var keyFile: String?

        /// The run's inputs read again, with the run's key, or exit 2 with why not.
        func replay(_ questionnaireSet: QuestionnaireSet, forSample: Bool = false) throws -> RunReplay {
            let key = try pseudonymKey(file: keyFile, for: questionnaireSet, required: true)
            return try readingInputs { try RunReplay(run: runDirectory, set: questionnaireSet, pseudonyms: key, forSample: forSample) }
        }
    }

    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Chọn mẫu phúc tra: phân tầng theo đơn vị và điều tra viên, gấp đôi tỷ lệ với điều tra viên có cờ, ít nhất một phiếu mỗi điều tra viên.",
            discussion: """
            Ghi vào --out: backcheck-sample.csv (danh sách cần liên hệ lại, kèm câu trả lời gốc của các câu đã chọn, \
            chỉ dành cho cán bộ Sở Nội vụ) và backcheck-form-<mã phiếu>.csv (phiếu phúc tra dạng XLSForm). \
            Cùng --seed cho cùng một mẫu. Mã thoát: 0 thành công, 2 khi đầu vào có lỗi.
            """
        )

        @OptionGroup var options: RunOptions

        @Option(help: "Tỷ lệ phiếu được chọn, từ 0 đến 1 (ví dụ 0.1).")
        var share: String = "0.1"

        @Option(help: "Hạt giống của phép chọn ngẫu nhiên: ghi lại để chọn lại đúng mẫu này.")
        var seed: UInt64

        @Option(help: "Các câu hỏi hỏi lại, cách nhau bằng dấu phẩy (ngoài câu \"có được phỏng vấn không\" và đơn vị).")
        var questions: String = ""

        @Option(help: "Thư mục ghi danh sách mẫu và phiếu phúc tra.")
        var out: String

        func validate() throws {
            guard let s = Decimals.parse(share), s > 0, s <= 1 else {
                throw ValidationError("--share nhận một số lớn hơn 0 và không quá 1, không phải \"\(share)\".")
            }
        }

        func run() throws {
            let chosen = questions.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let set = try loadSet(options.set)
            let sample: [BackcheckCandidate], files: [(name: String, bytes: [UInt8])], candidates: Int, unreachable: Int
            do {
                try BackcheckError.check(chosen, in: set)
                let replay = try options.replay(set, forSample: true)
                candidates = replay.candidates.count
                (sample, files, unreachable) = try BackcheckRun.sample(replay, set: set, share: Decimals.parse(share)!, seed: seed, questions: chosen)
            } catch let e as BackcheckError {
                printError(e.description)
                throw ExitCode(2)
            }
            try readingInputs { try RunWriter(directory: out).write(files) }
            let interviewers = Set(sample.map(\.interviewer))
            print("Chọn \(sample.count) trên \(candidates) phiếu được chấp nhận; \(interviewers.count) điều tra viên, "
                + "\(sample.filter(\.flagged).count) phiếu của điều tra viên có cờ (hạt giống \(seed)).")
            if unreachable > 0 {
                print("\(unreachable) phiếu không được chọn vì người trả lời không đồng ý được liên hệ phúc tra (hoặc không để lại số).")
            }
            print("Đã ghi " + files.map(\.name).joined(separator: ", ") + " vào \(out).")
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "So sánh kết quả phúc tra với phiếu gốc: tỷ lệ sai lệch theo câu hỏi, điều tra viên và tệp của nhà thầu; kết luận từng điều tra viên.",
            discussion: """
            Câu hỏi loại 1 (có phỏng vấn không, ai trả lời, đơn vị): sai lệch nào cũng nghiêm trọng; loại 2 (thông tin \
            không đổi); loại 3 (ý kiến, được phép thay đổi phần nào). Ghi backcheck-questions.csv, backcheck-interviewers.csv, \
            backcheck-files.csv, backcheck-differences.csv vào --out; với --apply, quy đổi lại không tính phiếu của \
            điều tra viên bị loại (reject) và ghi backcheck-apply.csv (điểm từng đơn vị trước và sau). \
            Mã thoát: 0 thành công, 2 khi đầu vào có lỗi.
            """
        )

        @OptionGroup var options: RunOptions

        @Argument(help: "Các tệp kết quả phúc tra (theo phiếu backcheck-form-…).")
        var files: [String]

        @Option(help: "Thư mục ghi kết quả so sánh (mặc định: thư mục --run).")
        var out: String?

        @Flag(help: "Quy đổi lại không tính phiếu của điều tra viên bị loại; ghi điểm trước và sau.")
        var apply = false

        func run() throws {
            let set = try loadSet(options.set)
            let replay = try options.replay(set)
            var rows: [BackcheckRow] = []
            for file in files { rows += try readingInputs { try BackcheckRun.rows(path: file, name: file) } }
            let (comparison, outputs, changed) = try BackcheckRun.compare(rows, replay, set: set, apply: apply)
            for source in comparison.unmatched {
                printError("\(source): mã phiếu gốc không phải một phiếu được chấp nhận của lượt quy đổi; bỏ qua.")
            }
            for i in comparison.interviewers {
                let rates = [BackcheckType.identity, .fact, .opinion].map { t in
                    "loại \(t.rawValue): \(i.rates[t]?.differing ?? 0)/\(i.rates[t]?.compared ?? 0)"
                }
                print("\(i.code.isEmpty ? "(không có mã)" : i.code): \(i.submissions) phiếu phúc tra; " + rates.joined(separator: ", ")
                      + " sai lệch → \(i.verdict.rawValue)")
            }
            if let changed {
                print("Không tính phiếu của \(comparison.rejected.count) điều tra viên bị loại: \(changed) đơn vị đổi điểm (backcheck-apply.csv).")
            }
            try readingInputs { try RunWriter(directory: out ?? options.runDirectory).write(outputs) }
            print("Đã ghi " + outputs.map(\.name).joined(separator: ", ") + " vào \(out ?? options.runDirectory).")
        }
    }
}
