import Foundation
import KhaoSatQuestionnaire

/// What every test target needs from the repository, found from this file so tests run from
/// any directory.
package let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

package func repoPath(_ relative: String) -> String { root + "/" + relative }

/// The shipped 2025 questionnaire set, loaded once; the tests stop if it has a problem.
package let shippedSet: QuestionnaireSet = {
    let loaded = SetLoader.load(directory: repoPath("Questionnaires/dak-lak-2025"))
    precondition(loaded.problems.isEmpty, "\(loaded.problems)")
    return loaded.set!
}()

/// A contractor file: `Fixtures/responses/NAME`, or `Fixtures/layouts/NAME`.
package func fixture(_ name: String) -> (path: String, name: String) {
    let folder = FileManager.default.fileExists(atPath: repoPath("Fixtures/responses/" + name)) ? "responses" : "layouts"
    return (repoPath("Fixtures/\(folder)/" + name), name)
}
