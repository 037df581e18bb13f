import ArgumentParser
import Foundation
import KhaoSatExport
import KhaoSatIngest
import KhaoSatQuestionnaire
import KhaoSatRank

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

/// The key that turns the set's declared personal values into pseudonyms: `file`, else the file
/// `KHAOSAT_KEY_FILE` names. None needed when the set declares none. Without one, `required` stops
/// the command (exit 2) before any input is read; otherwise a key for this run alone is made.
func pseudonymKey(file: String?, for set: QuestionnaireSet, required: Bool) throws -> PseudonymKey? {
    guard !set.settings.personalData.declared.isEmpty else { return nil }
    guard let path = file ?? ProcessInfo.processInfo.environment[PseudonymKey.environmentVariable], !path.isEmpty else {
        if !required { return try PseudonymKey(base64: PseudonymKey.generate()) }
        printError("Bộ phiếu \(set.name) khai báo dữ liệu cá nhân (\(set.settings.personalData.declared.joined(separator: ", "))) "
            + "nhưng chưa có khoá bí danh: chưa đọc tệp nào. " + PseudonymKeyError.howTo)
        throw ExitCode(2)
    }
    do {
        return try PseudonymKey.read(path: path)
    } catch {
        printError("\(error). " + PseudonymKeyError.howTo)
        throw ExitCode(2)
    }
}

/// A run folder written with another key would mix two sets of pseudonyms: refused before reading.
func requireSameKey(_ key: PseudonymKey?, run directory: String) throws {
    guard let manifest = try? Content3Document.read(directory: directory).manifest,
          manifest.pseudonymKey != key?.fingerprint else { return }
    printError("\(directory): lượt quy đổi này dùng khoá bí danh \(manifest.pseudonymKey ?? "(không có)"), khác khoá đang dùng "
        + "(\(key?.fingerprint ?? "không có")): chưa đọc tệp nào. Dùng đúng tệp khoá của lượt này, hoặc ghi ra thư mục khác.")
    throw ExitCode(2)
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

/// A run's bootstrap replicates (`convert --replicates`), by unit code, when it wrote them: only
/// the file its manifest names, with the same SHA-256 (one left by an earlier run in the folder is
/// not read). [] for a run without them.
func runReplicates(directory: String, manifest: Manifest) throws -> [[String: Decimal]] {
    guard manifest.parameters.bootstrap != nil,
          let expected = manifest.outputs.first(where: { $0.path == RunFiles.replicatesName }) else { return [] }
    let path = directory + "/" + RunFiles.replicatesName
    let found = try readingInputs { try Manifest.FileHash.of(path: path, name: RunFiles.replicatesName) }
    guard found.sha256 == expected.sha256 else {
        printError("\(path): không còn đúng tệp lượt quy đổi đã ghi (SHA-256 khác manifest); hãy chạy lại khaosat convert --replicates.")
        throw ExitCode(2)
    }
    return try readingInputs { try RankInputs.replicates(path) }
}
