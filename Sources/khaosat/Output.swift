import ArgumentParser
import Foundation

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
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
