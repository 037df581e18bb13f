import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatQuestionnaire

final class ShippedSetTests: XCTestCase {
    func testDakLak2025LoadsWithoutProblemsAndCovers128Units() throws {
        let loaded = SetLoader.load(directory: repoPath("Questionnaires/dak-lak-2025"))
        XCTAssertEqual(loaded.problems, [])
        let set = try XCTUnwrap(loaded.set)
        XCTAssertEqual(set.units.units.count, 128)
        XCTAssertEqual(set.indexCodes.map { set.units.units(in: $0).count }, [15, 11, 102])
        for index in set.indexCodes {
            XCTAssertEqual(Decimals.format(set.blueprint.maxPoints(in: index)), "12.00", "index \(index)")
        }
        XCTAssertEqual(Set(set.questionnaires.map(\.respondentGroup)), ["dbhdnd_tinh", "dbhdnd_xa", "dn_tc_cd"])
        // Names exactly as in Phụ lục 1, including its "Văn hoá" spelling.
        XCTAssertEqual(set.units["CQ09"]?.name, "Sở Văn hoá, Thể thao và Du lịch")
        XCTAssertEqual(set.units["DV11"]?.name, "Ban quản lý các Dự án đầu tư xây dựng khu vực phía Đông tỉnh Đắk Lắk")
        XCTAssertEqual(set.units["24184"]?.name, "Xã Ea H’leo")
    }

    func testScoringColumnsAreReadFromTheXLSForm() throws {
        let set = try XCTUnwrap(SetLoader.load(directory: repoPath("Questionnaires/dak-lak-2025")).set)
        let form = try XCTUnwrap(set.questionnaires.first { $0.respondentGroup == "dbhdnd_tinh" })
        XCTAssertEqual(form.unitQuestion, "don_vi")
        XCTAssertEqual(form.question(named: "don_vi")?.type, .selectOneFromFile(file: "units.csv"))
        let head = try XCTUnwrap(form.question(named: "c314_3"))
        XCTAssertEqual(head.subcriterion, "3.1.4")
        XCTAssertEqual(head.weight, 2)
        XCTAssertEqual(head.groupPath, ["nhom_314"])
        XCTAssertEqual(form.label(head.labels), "Vai trò, trách nhiệm của người đứng đầu trong chỉ đạo, điều hành")
        let muc4 = try XCTUnwrap(form.choiceLists["muc4"])
        XCTAssertEqual(muc4.choices.map(\.score), [1, Decimal(string: "0.6"), Decimal(string: "0.2"), 0, nil])
        let negative = try XCTUnwrap(form.choiceLists["co_khong_am"])
        XCTAssertEqual(negative.choice(named: "co")?.score, 0)
        XCTAssertEqual(negative.choice(named: "khong")?.score, 1)
    }

    func testShippedFormsAreValidXLSFormForPyxform() throws {
        guard let xls2xform = findExecutable("xls2xform") else {
            throw XCTSkip("xls2xform not installed (pip install pyxform); .ci/run installs it")
        }
        let forms = try FileManager.default.contentsOfDirectory(atPath: repoPath("Questionnaires/dak-lak-2025/forms"))
        XCTAssertEqual(forms.count, 3)
        for form in forms {
            let (status, output, wrote) = try pyxform(xls2xform, repoPath("Questionnaires/dak-lak-2025/forms/" + form), skipValidate: false)
            XCTAssertEqual(status, 0, "\(form): \(output)")
            XCTAssertFalse(output.contains("Warning"), "\(form): \(output)")
            XCTAssertTrue(wrote, form)
        }
    }
}

func findExecutable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Converts a form with pyxform's xls2xform (with ODK Validate where Java is there, unless
/// `skipValidate`): its exit status, what it printed, and whether it wrote the XForm.
func pyxform(_ xls2xform: String, _ form: String, skipValidate: Bool = true) throws -> (status: Int32, output: String, wrote: Bool) {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID()).xml").path
    defer { try? FileManager.default.removeItem(atPath: out) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: xls2xform)
    process.arguments = (skipValidate ? ["--skip_validate"] : []) + [form, out]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output, FileManager.default.fileExists(atPath: out))
}
