import Foundation
import XCTest
@testable import KhaoSatCSV

/// Reads `text`'s UTF-8 bytes and returns (line, fields) per record.
private func read(_ bytes: [UInt8], blockSize: Int = 64 * 1024, delimiter: Delimiter? = nil) throws
    -> (rows: [CSVRecord], summary: CSVReadSummary)
{
    let reader = CSVReader(bytes: bytes, name: "t.csv",
                           options: CSVReadOptions(delimiter: delimiter, blockSize: blockSize))
    let (rows, summary) = try reader.readAll()
    return (rows, summary)
}

private func read(_ text: String, blockSize: Int = 64 * 1024) throws -> (rows: [CSVRecord], summary: CSVReadSummary) {
    try read(Array(text.utf8), blockSize: blockSize)
}

private func error(_ bytes: [UInt8], limits: CSVLimits = CSVLimits()) -> CSVError? {
    do {
        _ = try CSVReader(bytes: bytes, name: "t.csv", options: CSVReadOptions(limits: limits)).readAll()
        return nil
    } catch let e as CSVError {
        return e
    } catch {
        XCTFail("unexpected \(error)")
        return nil
    }
}

final class CSVReaderTests: XCTestCase {
    func testQuotedCommaNewlineEscapeAndFinalRowWithoutNewline() throws {
        let text = "id,tinh,y_kien\n2,Đà Nẵng,\"dòng 1\ndòng 2\"\n3,Huế,\"ý kiến: \"\"tốt\"\"\"\n4,\"Cần Thơ, Hậu Giang\","
        let (rows, summary) = try read(text)
        XCTAssertEqual(rows.map(\.fields), [
            ["id", "tinh", "y_kien"],
            ["2", "Đà Nẵng", "dòng 1\ndòng 2"],
            ["3", "Huế", "ý kiến: \"tốt\""],
            ["4", "Cần Thơ, Hậu Giang", ""],
        ])
        // Record 2 spans lines 2–3, so record 3 starts on line 4.
        XCTAssertEqual(rows.map(\.line), [1, 2, 4, 5])
        XCTAssertEqual(rows.map(\.endLine), [1, 3, 4, 5])
        XCTAssertEqual(rows[1].line(ofField: 2), 2)
        XCTAssertEqual(summary.records, 4)
        XCTAssertEqual(summary.physicalLines, 5)
    }

    func testBlankAndWhitespaceLinesAreSkippedButCounted() throws {
        let (rows, summary) = try read("a,b\n\n   \n\nc,d\n\n")
        XCTAssertEqual(rows.map(\.fields), [["a", "b"], ["c", "d"]])
        XCTAssertEqual(rows.map(\.line), [1, 5])
        XCTAssertEqual(summary.physicalLines, 6)
    }

    func testLineEndingsCRLFLFAndLoneCRGiveTheSameRecordsAtEveryBlockSize() throws {
        let reference = [["a", "b"], ["c", "x\ny"], ["e", "f"]]
        for ending in ["\n", "\r\n", "\r"] {
            let text = ["a,b", "c,\"x\ny\"", "", "e,f"].joined(separator: ending) + ending
            for blockSize in [1, 2, 3, 4, 5, 7, 64] {
                let (rows, _) = try read(text, blockSize: blockSize)
                XCTAssertEqual(rows.map(\.fields), reference, "ending \(ending.debugDescription) block \(blockSize)")
                // "c" starts on line 2, the quoted break puts "e,f" after a blank line on line 5.
                XCTAssertEqual(rows.map(\.line), [1, 2, 5], "ending \(ending.debugDescription) block \(blockSize)")
            }
        }
    }

    func testSpacesAroundUnquotedFieldsAreTrimmedQuotedKept() throws {
        let (rows, _) = try read("  a  ,\" b \" , \tc\t\n")
        XCTAssertEqual(rows[0].fields, ["a", " b ", "c"])
    }

    func testUTF8BOMIsStripped() throws {
        let (rows, summary) = try read([0xEF, 0xBB, 0xBF] + Array("id,tên\n1,Hòa\n".utf8))
        XCTAssertEqual(rows[0].fields, ["id", "tên"])
        XCTAssertEqual(summary.encoding, .utf8WithBOM)
    }

    func testUTF16LittleAndBigEndianWithBOMTabSeparated() throws {
        let text = "mã\ttên\n22015\tPhường Tuy Hòa\n"
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for (bytes, encoding) in [(le, TextEncoding.utf16LE), (be, .utf16BE)] {
            for blockSize in [3, 5, 64] {
                let (rows, summary) = try read(bytes, blockSize: blockSize)
                XCTAssertEqual(rows.map(\.fields), [["mã", "tên"], ["22015", "Phường Tuy Hòa"]])
                XCTAssertEqual(summary.encoding, encoding)
                XCTAssertEqual(summary.delimiter, .tab)
            }
        }
        // Without a BOM the NUL pattern still gives it away.
        let (rows, summary) = try read(Array(le.dropFirst(2)))
        XCTAssertEqual(rows[1].fields, ["22015", "Phường Tuy Hòa"])
        XCTAssertEqual(summary.encoding, .utf16LE)
    }

    func testWindows1258FallbackIsDecodedToNFCAndWarned() throws {
        // "Hòa" in Windows-1258: H o U+0300(0xCC) a; "Đắk" = 0xD0 0xE3 0xEC k.
        let bytes = Array("id,ten\n1,".utf8) + [0x48, 0x6F, 0xCC, 0x61] + Array("\n2,".utf8) + [0xD0, 0xE3, 0xEC, 0x6B] + [0x0A]
        let (rows, summary) = try read(bytes)
        XCTAssertEqual(rows[1].fields[1], "Hòa")
        XCTAssertEqual(Array(rows[1].fields[1].utf8), Array("H\u{F2}a".utf8), "must be NFC")
        XCTAssertEqual(rows[2].fields[1], "Đắk")
        XCTAssertEqual(summary.warnings, [.windows1258(file: "t.csv", firstLine: 2, fields: 2)])
        XCTAssertTrue(summary.warnings[0].description.contains("Windows-1258"))
    }

    func testNFDInputComesOutNFC() throws {
        let nfd = "Tuy Ho\u{300}a"
        let (rows, _) = try read("x\n\(nfd)\n")
        XCTAssertEqual(Array(rows[1].fields[0].utf8), Array("Tuy H\u{F2}a".utf8))
    }

    func testStrayQuoteInsideUnquotedFieldIsAnErrorWithLineFieldAndCharacter() {
        let e = error(Array("a,b\nxin chào,ab\"c,d\n".utf8))
        XCTAssertEqual(e, .strayQuote(FileLocation(file: "t.csv", line: 2, field: 2, character: 12)))
        XCTAssertTrue(e!.description.hasPrefix("t.csv:2, cột 2, ký tự 12: dấu ngoặc kép"))
    }

    func testTextAfterClosingQuoteIsAnError() {
        let e = error(Array("a\n\n\"ab\"c,d\n".utf8))
        XCTAssertEqual(e, .textAfterClosingQuote(FileLocation(file: "t.csv", line: 3, field: 1, character: 5)))
    }

    func testUnterminatedQuoteNamesTheLineWhereItOpened() {
        let e = error(Array("a,b\nc,\"mở\nd,e\nf,g\n".utf8))
        XCTAssertEqual(e, .unterminatedQuote(FileLocation(file: "t.csv", line: 2, field: 2)))
    }

    func testAStrayQuoteCannotSwallowTheFile() {
        // A field opened on line 2 and never closed stops at the limit, naming line 2.
        var text = "a,b\nc,\"open\n"
        for i in 0..<200 { text += "row \(i),value\n" }
        let e = error(Array(text.utf8), limits: CSVLimits(maxFieldBytes: 512))
        XCTAssertEqual(e, .fieldTooLong(FileLocation(file: "t.csv", line: 2, field: 2), limitBytes: 512))
    }

    func testTheFieldLimitIsExactEvenWithinOneBlock() throws {
        // 100 bytes pass, 101 do not, though both end long before the 64 KiB block does.
        let limits = CSVLimits(maxFieldBytes: 100)
        let ok = "a,b\nc," + String(repeating: "x", count: 100) + "\n"
        XCTAssertNil(error(Array(ok.utf8), limits: limits))
        let long = "a,b\nc,\"" + String(repeating: "y", count: 101) + "\"\nd,e\n"
        XCTAssertEqual(error(Array(long.utf8), limits: limits), .fieldTooLong(FileLocation(file: "t.csv", line: 2, field: 2), limitBytes: 100))
    }

    func testEmbeddedNULRefusesTheFile() {
        let e = error(Array("a,b\nc,d".utf8) + [0] + Array("e\n".utf8))
        XCTAssertEqual(e, .nulByte(FileLocation(file: "t.csv", line: 2, field: 2)))
    }

    func testDelimiterIsDetectedFromTheHeaderAndCanBeForced() throws {
        let semicolon = try read("\"_id\";\"q1, ghi chú\";\"q2\"\r\n\"1\";\"a,b\";\"c\"\r\n")
        XCTAssertEqual(semicolon.summary.delimiter, .semicolon)
        XCTAssertEqual(semicolon.rows[1].fields, ["1", "a,b", "c"])
        let forced = try read(Array("a;b,c\n".utf8), delimiter: .semicolon)
        XCTAssertEqual(forced.rows[0].fields, ["a", "b,c"])
        XCTAssertEqual(try read("onecolumn\nx\n").summary.delimiter, .comma)
    }

    func testTabDelimiterKeepsEmptyFields() throws {
        let (rows, _) = try read(Array("a\t\tc\n\t\t\n".utf8), delimiter: .tab)
        XCTAssertEqual(rows.map(\.fields), [["a", "", "c"], ["", "", ""]])
    }

    func testLegacyTCVN3AndVNIFontsAreRefusedWithAHowTo() {
        // "Hà Nội", "Đắk Lắk" typed with .VnTime (TCVN3) and VNI-Times, saved as Unicode CSV.
        let tcvn3 = error(Array("ten,tinh\nNguyÔn V¨n A,Hµ Néi\nTrÇn B,§¾k L¾k\n".utf8))
        guard case .legacyFont(let l1, .tcvn3, _)? = tcvn3 else { return XCTFail("\(String(describing: tcvn3))") }
        XCTAssertEqual(l1.line, 2)
        XCTAssertTrue(tcvn3!.description.contains("Unikey"))
        let vni = error(Array("ten,tinh\nNguyeãn Vaên A,Haø Noäi\n".utf8))
        guard case .legacyFont(_, .vni, _)? = vni else { return XCTFail("\(String(describing: vni))") }
    }

    func testRealVietnameseWithOddSymbolsIsNotMistakenForLegacy() throws {
        let (rows, _) = try read("ten,ghi chu\nPhường Tuy Hòa,nhiệt độ 25° ± 2\nXã Ea H’leo,ổn\n")
        XCTAssertEqual(rows.count, 3)
    }

    func testEmptyFileHasNoRecords() throws {
        let (rows, summary) = try read("")
        XCTAssertTrue(rows.isEmpty)
        XCTAssertEqual(summary.records, 0)
    }

    func testReadsFromAFileOnDisk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("a;b\r\n1;2\r\n".utf8).write(to: url)
        let (rows, summary) = try CSVReader(path: url.path, name: "ten.csv").readAll()
        XCTAssertEqual(rows.map(\.fields), [["a", "b"], ["1", "2"]])
        XCTAssertEqual(summary.file, "ten.csv")
        XCTAssertThrowsError(try CSVReader(path: url.path + ".missing").readAll()) { e in
            guard case .cannotOpen? = e as? CSVError else { return XCTFail("\(e)") }
        }
    }
}
