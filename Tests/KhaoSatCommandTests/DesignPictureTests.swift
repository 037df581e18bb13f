import Foundation
import KhaoSatTestSupport
import XCTest

/// The design's pipeline picture (docs/design.md) names every module of Package.swift (but the
/// test support), and no module that is not there.
final class DesignPictureTests: XCTestCase {
    func testThePipelinePictureMatchesPackageSwift() throws {
        let package = try String(contentsOfFile: repoPath("Package.swift"), encoding: .utf8)
        let declared = Set(try NSRegularExpression(pattern: #"\.(?:target|systemLibrary|executableTarget)\(\s*name:\s*"([^"]+)""#)
            .matches(in: package, range: NSRange(package.startIndex..., in: package))
            .map { String(package[Range($0.range(at: 1), in: package)!]) })
            .subtracting(["KhaoSatTestSupport"])
        let design = try String(contentsOfFile: repoPath("docs/design.md"), encoding: .utf8)
        let picture = design.components(separatedBy: "```")[1]
        let named = Set(try NSRegularExpression(pattern: #"\b(KhaoSat[A-Za-z]+|C[A-Z][A-Za-z]+|khaosat(?:-portal)?)\b"#)
            .matches(in: picture, range: NSRange(picture.startIndex..., in: picture))
            .map { String(picture[Range($0.range(at: 1), in: picture)!]) })
        XCTAssertEqual(named.sorted(), declared.sorted())
    }
}
