import Foundation
import KhaoSatTestSupport
import XCTest

/// Issue 15: a province's rules are data. No province, decision or index title is written in
/// the code (comments aside, where they explain a rule's origin); they live in the set.
final class NoProvinceInCodeTests: XCTestCase {
    func testSourcesNameNoProvinceDecisionOrIndexTitle() throws {
        let forbidden = ["Đắk Lắk", "Phú Yên", "02050", "Sở, ban, ngành", "Đơn vị sự nghiệp công lập", "UBND xã, phường"]
        let sources = repoPath("Sources")
        var found: [String] = []
        let files = FileManager.default.enumerator(atPath: sources)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        for file in files {
            let lines = try String(contentsOfFile: sources + "/" + file, encoding: .utf8).components(separatedBy: "\n")
            for (i, line) in lines.enumerated() {
                let code = line.components(separatedBy: "//")[0]
                for word in forbidden where code.contains(word) { found.append("\(file):\(i + 1): \(word)") }
            }
        }
        XCTAssertEqual(found, [])
    }
}
