import Foundation
import KhaoSatCSV
import KhaoSatIngest
import KhaoSatPipeline
import KhaoSatQuality
import KhaoSatTestSupport
import KhaoSatXLSX
import XCTest

/// How many times a run reads each input: the numbers docs/design.md states ("Reading each
/// input once").
final class ReadCountTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-reads-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// The fixtures as workbooks (read by position, not as a stream): `name` → `name.xlsx`.
    private func workbooks(_ fixtures: [String]) throws -> [(path: String, name: String)] {
        try fixtures.map { fixture in
            let records = try CSVReader(path: repoPath(fixture)).readAll().records
            let name = URL(fileURLWithPath: fixture).deletingPathExtension().lastPathComponent + ".xlsx"
            let path = directory.appendingPathComponent(name).path
            try Data(XLSXWriter.workbook([("Sheet1", records.map(\.fields))])).write(to: URL(fileURLWithPath: path))
            return (path, name)
        }
    }

    private func run(_ inputs: [(path: String, name: String)], excluding: Exclusion = Exclusion()) throws
        -> (run: ConversionRun, reads: [String: Int]) {
        var options = IngestOptions()
        let counter = ReadCounter()
        options.readCounter = counter
        let run = try ConversionRun(set: shippedSet, inputs: inputs, options: options, runTime: nil, excluding: excluding)
        return (run, counter.reads)
    }

    /// Workbooks; an id edited on ODK Central (1-before → 2-after: settled only once every file
    /// was read, so every file is read a second time); a respondent who rated a unit twice
    /// (dn-dirty line 10, replaced once its file was read) and `--exclude-flags NEAR_DUPLICATE`
    /// (planted's copies, set aside after the quality checks): their raw rows are read again by the quarantine writer,
    /// from those two files only.
    func testTheWorstPathReadsEveryInputTwiceAndTheFilesWithLateEntriesOnceMore() throws {
        let inputs = try workbooks(["Fixtures/exports/odk-edits/1-before.csv", "Fixtures/exports/odk-edits/2-after.csv",
                                    "Fixtures/responses/dn-dirty.csv", "Fixtures/quality/planted.csv"])
        let (run, reads) = try run(inputs, excluding: Exclusion(flags: [.nearDuplicate]))
        let reasons = Set(run.ingest.quarantine.map(\.reason))
        XCTAssertTrue(reasons.isSuperset(of: [.edited, .superseded, .qualityExcluded]), "\(reasons)")
        XCTAssertEqual(reads, ["1-before.xlsx": 2, "2-after.xlsx": 2, "dn-dirty.xlsx": 3, "planted.xlsx": 3])
        // Every entry's raw row is in quarantine.csv all the same.
        let file = try CSVRecords(bytes: XCTUnwrap(run.files.first { $0.name == "quarantine.csv" }).bytes, name: "quarantine.csv")
        XCTAssertEqual(file.rows.count, run.ingest.quarantine.count)
        XCTAssertEqual(file.rows.filter { $0["raw_row"]!.isEmpty }.map { $0["file"]! + ":" + $0["line"]! }, [])
    }

    func testARunWithoutLateEntriesReadsEachInputOnce() throws {
        let inputs = ["hdnd-tinh-google-grid.csv", "hdnd-xa-canonical.csv", "dn-kobo-review.csv"].map {
            (repoPath("Fixtures/responses/" + $0), $0)
        }
        XCTAssertEqual(try run(inputs).reads, Dictionary(uniqueKeysWithValues: inputs.map { ($0.1, 1) }))
    }
}
