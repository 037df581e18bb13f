import ArgumentParser
import Foundation
import KhaoSatQuestionnaire

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// The questionnaire set in `directory`, or exit 2 with its problems.
func loadSet(_ directory: String) throws -> QuestionnaireSet {
    let loaded = SetLoader.load(directory: directory)
    guard let set = loaded.set, loaded.problems.isEmpty else {
        for p in loaded.problems { printError(p.description) }
        printError("Bộ phiếu có lỗi; hãy chạy khaosat check \(directory).")
        throw ExitCode(2)
    }
    return set
}

/// Runs `body`, which reads the command's inputs; an input that cannot be read (a missing run
/// folder, file or document) is reported on stderr and ends the command with exit 2, as the
/// README documents, instead of the parser's exit 1 for an unknown error.
func readingInputs<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError("\(error)")
        throw ExitCode(2)
    }
}

/// The progress line of a long read on stderr: each file as it starts, then every 100 000 rows
/// with the rate. Silent when stderr is not a terminal (a script's log) or with `--quiet`.
struct ProgressLine {
    let enabled: Bool
    private let started = Date()

    init(quiet: Bool) { enabled = !quiet && isatty(STDERR_FILENO) == 1 }

    /// For `Ingestor`'s progress: (file, rows read so far in it).
    func report(_ file: String, _ rows: Int) {
        guard enabled else { return }
        if rows == 0 { printError("Đang đọc \(file)…"); return }
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        printError("  \(file): \(rows) dòng, \(Int(Double(rows) / seconds)) dòng/giây")
    }
}
