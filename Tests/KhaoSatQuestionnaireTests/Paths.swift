import Foundation

/// The repository root, found from this file so tests run from any directory.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

func repoPath(_ relative: String) -> String { repositoryRoot + "/" + relative }
