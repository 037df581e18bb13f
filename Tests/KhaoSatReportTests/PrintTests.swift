import Foundation
import KhaoSatTestSupport
import XCTest

/// The report as officials print it: both shipped sets converted, ranked and reported by the built
/// `khaosat`, printed to PDF by headless Chromium (`--print-to-pdf`), then read back with poppler:
/// A4 pages, a main part of a few pages, every ranking row whole on one page (its rank, name and
/// total on one line, and no page starting with the rest of a row), and nothing drawn outside the
/// page (no word outside the page box, white outer margins in the rendered pages). Skipped outside
/// CI when Chromium or poppler is missing; a failure in CI.
final class PrintTests: XCTestCase {
    private var dir: String!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-print-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    private func tool(_ names: [String]) throws -> String {
        for name in names {
            for directory in ["/usr/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
                return directory + "/" + name
            }
        }
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("\(names[0]) is missing in CI"); throw XCTSkip() }
        throw XCTSkip("\(names[0]) is not installed (apt-get install -y chromium poppler-utils)")
    }

    @discardableResult
    private func run(_ tool: String, _ arguments: [String]) throws -> String {
        let r = try Tool.run(tool, arguments)
        XCTAssertEqual(r.status, 0, "\(tool) \(arguments): \(r.err)")
        return r.out
    }

    /// Converts, ranks, reports (with `extra` options) and prints; the PDF's path.
    private func printed(set: String, responses: [String], council: String, name: String, extra: [String] = []) throws -> String {
        let chromium = try tool(["chromium", "chromium-browser", "google-chrome"])
        let out = dir + "/" + name
        try run("khaosat", ["convert", "--questionnaires", repoPath("Questionnaires/" + set), "--reproducible", "--out", out] + responses.map(repoPath))
        try run("khaosat", ["rank", "--run", out, "--council", repoPath(council)])
        try run("khaosat", ["report", "--run", out] + extra)
        for page in ["report", "methods"] {
            let r = try Tool.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                            "--print-to-pdf=\(out)/\(page).pdf", "file://\(out)/\(page).html"])
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/\(page).pdf"), r.err)
        }
        return out + "/report.pdf"
    }

    func testBothShippedSetsPrintOnA4WithoutCutRowsOrAnythingOffThePage() throws {
        let responses = try FileManager.default.contentsOfDirectory(atPath: repoPath("Fixtures/responses"))
            .filter { $0.hasSuffix(".csv") }.sorted().map { "Fixtures/responses/" + $0 }
        let dakLak = try printed(set: "dak-lak-2025", responses: responses, council: "Fixtures/council/council-2025.csv", name: "dak-lak")
        let main = try check(dakLak, ranking: dir + "/dak-lak/ranking.csv")
        // The main part: overview, three indices (ranking, charts), the methods note, signatures, inputs; not 129 pages.
        XCTAssertTrue((8...24).contains(main), "\(main) pages")
        try check(dir + "/dak-lak/methods.pdf", ranking: nil, title: "THUYẾT")

        let other = try printed(set: "example-other-province", responses: ["Fixtures/example-other-province/dai-bieu.csv",
                                                                           "Fixtures/example-other-province/nguoi-dan.csv"],
                                council: "Fixtures/example-other-province/council.csv", name: "other")
        XCTAssertTrue((6...20).contains(try check(other, ranking: dir + "/other/ranking.csv")))

        // The unit details print only when asked: one more page at least per ten units.
        let annexed = try printed(set: "dak-lak-2025", responses: responses, council: "Fixtures/council/council-2025.csv",
                                  name: "annex", extra: ["--annex"])
        XCTAssertGreaterThan(try check(annexed, ranking: dir + "/annex/ranking.csv"), main + 12)
    }

    /// The page count, after checking the pages.
    @discardableResult
    private func check(_ pdf: String, ranking: String?, title: String = "BÁO", file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let pdftotext = try tool(["pdftotext"]), pdftoppm = try tool(["pdftoppm"])
        // Every word inside its page's box (a cut chart or table would put words beyond it).
        let boxes = try run(pdftotext, ["-bbox", pdf, "-"])
        var pages = 0, size = (w: 0.0, h: 0.0), heights: [String: Double] = [:]
        for tag in boxes.split(separator: "<").dropFirst() {
            func value(_ name: String) -> Double? {
                guard let r = tag.range(of: name + "=\"") else { return nil }
                return Double(tag[r.upperBound...].prefix { $0 != "\"" })
            }
            if tag.hasPrefix("page ") {
                pages += 1
                size = (value("width") ?? 0, value("height") ?? 0)
                // A4, portrait or landscape, in points.
                XCTAssertEqual([size.w, size.h].sorted().map { Int($0.rounded()) }, [595, 842], "page \(pages)", file: file, line: line)
            } else if tag.hasPrefix("word "), let x0 = value("xMin"), let x1 = value("xMax"), let y0 = value("yMin"), let y1 = value("yMax") {
                let text = tag.split(separator: ">").last ?? ""
                if pages == 1, text == title || text == "Trang" { heights[String(text)] = y1 - y0 }
                XCTAssertTrue(x0 >= 0 && y0 >= 0 && x1 <= size.w && y1 <= size.h, "page \(pages): \"\(text)\" at \(x0)…\(x1), \(y0)…\(y1)",
                              file: file, line: line)
            }
        }
        // Chromium shrinks the whole document when anything is wider than the page (nothing is then cut,
        // all is smaller): the title (14 pt) keeps its size beside the page number (8 pt, never shrunk).
        let ratio = (heights[title] ?? 0) / (heights["Trang"] ?? 1)
        XCTAssertGreaterThan(ratio, 1.6, "the document was shrunk to fit the page: something is wider than A4", file: file, line: line)
        // The outer 3 mm of every rendered page is white: nothing drawn into or past the margin's edge.
        let png = dir + "/pages-\(UUID().uuidString)"
        try run(pdftoppm, ["-gray", "-r", "30", pdf, png])
        let rendered = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(png.split(separator: "/").last!) }
        XCTAssertEqual(rendered.count, pages, file: file, line: line)
        for name in rendered {
            let (w, h, pixels) = try pgm(dir + "/" + name)
            let edge = 3 * 30 * 10 / 254  // 3 mm at 30 dpi
            for y in 0..<h {
                for x in Array(0..<edge) + Array((w - edge)..<w) where pixels[y * w + x] < 200 {
                    XCTFail("\(name): ink at \(x), \(y) in the outer margin", file: file, line: line)
                    break
                }
            }
        }
        guard let ranking else { return pages }
        // Each ranked unit's row starts whole on one line: rank, name, total / maximum.
        let text = try run(pdftotext, ["-layout", pdf, "-"])
        let lines = text.components(separatedBy: "\n")
        let rows = try CSVRecords(path: ranking).rows
        for r in rows {
            let first = r["unit_name"]!.split(separator: " ").first!
            let total = r["total"]!.replacingOccurrences(of: ".", with: ","), maximum = r["max_points"]!.replacingOccurrences(of: ".", with: ",")
            let found = lines.filter { l in
                let words = l.split(separator: " ")
                return words.first == Substring(r["rank"]!) && words.dropFirst().first == first && l.contains("\(total) / \(maximum)")
            }
            XCTAssertEqual(found.count, 1, "\(r["unit_code"]!) (\(r["unit_name"]!)): \(found)", file: file, line: line)
        }
        // A page that repeats the ranking's header goes on with the first line of a row, never the rest of one.
        for (n, page) in text.components(separatedBy: "\u{0C}").enumerated() {
            let pageLines = page.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            guard let header = pageLines.firstIndex(where: { $0.contains("Hạng") && $0.contains("Tổng / tối đa") }),
                  header + 1 < pageLines.count else { continue }
            let next = pageLines[header + 1].split(separator: " ")
            XCTAssertTrue(next.first.map { Int($0) != nil } ?? false && next.count > 2,
                          "page \(n + 1) goes on with \"\(pageLines[header + 1])\"", file: file, line: line)
        }
        return pages
    }

    /// A binary greymap as pdftoppm writes it: "P5", width, height, 255, then a byte per pixel.
    private func pgm(_ path: String) throws -> (Int, Int, [UInt8]) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var fields: [Int] = [], i = 2, current = ""
        while fields.count < 3 {
            let c = Character(UnicodeScalar(bytes[i]))
            if c.isNumber { current.append(c) } else if !current.isEmpty { fields.append(Int(current)!); current = "" }
            i += 1
        }
        return (fields[0], fields[1], Array(bytes[i...]))
    }
}
