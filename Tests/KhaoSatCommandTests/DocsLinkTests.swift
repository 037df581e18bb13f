import Foundation
import KhaoSatTestSupport
import XCTest

/// Every relative link of README.md and docs/ leads somewhere: the file exists, and an `#anchor`
/// names a heading of that file (GitHub's slugs: lower case, punctuation dropped, spaces as `-`).
final class DocsLinkTests: XCTestCase {
    private func markdownFiles() throws -> [String] {
        let docs = try XCTUnwrap(FileManager.default.enumerator(atPath: repoPath("docs")))
        return ["README.md"] + docs.compactMap { $0 as? String }.filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }.sorted()
    }

    static func slug(_ heading: String) -> String {
        String(heading.lowercased().filter { $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "_" }
            .map { $0 == " " ? "-" : $0 })
    }

    private func anchors(_ text: String) -> Set<String> {
        var fence = false, out: Set<String> = []
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") { fence.toggle() }
            guard !fence, let m = line.firstMatch(of: /^#{1,6} (.*)$/) else { continue }
            out.insert(Self.slug(String(m.1)))
        }
        return out
    }

    func testEveryRelativeLinkOfTheDocumentationLeadsSomewhere() throws {
        var checked = 0
        for file in try markdownFiles() {
            let directory = (file as NSString).deletingLastPathComponent
            // Code blocks blanked (their lines kept, for line numbers); a link's text may span lines.
            var fence = false
            let text = try String(contentsOfFile: repoPath(file), encoding: .utf8).components(separatedBy: "\n").map { line -> String in
                if line.hasPrefix("```") { fence.toggle(); return "" }
                return fence ? "" : line
            }.joined(separator: "\n")
            for m in text.matches(of: /\[[^\]]*\]\(([^)\s]+)\)/) {
                let line = text[..<m.range.lowerBound].filter { $0 == "\n" }.count + 1
                let target = String(m.1)
                guard target.firstMatch(of: /^[a-z]+:/) == nil else { continue }
                let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let (path, anchor) = (parts[0], parts.count > 1 ? parts[1] : nil)
                let resolved = path.isEmpty ? file : ((directory as NSString).appendingPathComponent(path) as NSString).standardizingPath
                checked += 1
                guard FileManager.default.fileExists(atPath: repoPath(resolved)) else {
                    XCTFail("\(file):\(line): \(target): no file \(resolved)")
                    continue
                }
                if let anchor, resolved.hasSuffix(".md") {
                    let headings = anchors(try String(contentsOfFile: repoPath(resolved), encoding: .utf8))
                    XCTAssertTrue(headings.contains(anchor), "\(file):\(line): \(target): no heading #\(anchor) in \(resolved)")
                }
            }
        }
        XCTAssertGreaterThan(checked, 20)
    }

    func testTheReadmeIsShortAndPointsToEveryDocument() throws {
        let readme = try String(contentsOfFile: repoPath("README.md"), encoding: .utf8)
        XCTAssertLessThanOrEqual(readme.components(separatedBy: "\n").count, 250)
        for file in try markdownFiles().dropFirst() where !readme.contains("(\(file))") {
            XCTFail("README does not point to \(file)")
        }
    }
}
