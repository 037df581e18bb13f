import Foundation
import KhaoSatTestSupport
import XCTest
import KhaoSatExport

/// Issue 26, item 7: every package is pinned to one version in Package.swift, and `--version`
/// and each run's manifest name the same list.
final class PinnedDependenciesTests: XCTestCase {
    func testPackageSwiftPinsExactlyTheVersionsTheProgramNames() throws {
        let manifest = try String(contentsOfFile: root + "/Package.swift", encoding: .utf8)
        let declared = manifest.matches(of: /\.package\(url: "https:\/\/github\.com\/([^"]+)", (\w+): "([^"]+)"\)/)
        XCTAssertFalse(declared.isEmpty)
        for d in declared { XCTAssertEqual(String(d.output.2), "exact", "\(d.output.1) is not pinned to one version") }
        XCTAssertEqual(declared.map { "\($0.output.1) \($0.output.3)" }.sorted(), Version.dependencies.sorted())
        // Package.resolved, where a build has written one, agrees.
        if let resolved = try? Data(contentsOf: URL(fileURLWithPath: root + "/Package.resolved")),
           let json = try JSONSerialization.jsonObject(with: resolved) as? [String: Any], let pins = json["pins"] as? [[String: Any]] {
            let versions = pins.compactMap { pin -> String? in
                guard let location = pin["location"] as? String, let state = pin["state"] as? [String: Any], let v = state["version"] as? String
                else { return nil }
                return String(location.split(separator: "github.com/").last!).replacingOccurrences(of: ".git", with: "") + " " + v
            }
            XCTAssertEqual(versions.sorted(), Version.dependencies.sorted())
        }
    }
}
