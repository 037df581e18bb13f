import Foundation
import KhaoSatTestSupport
import KhaoSatXLSX
import XCTest
import ZIPFoundation

/// `ZipArchive` reads what the platforms write and refuses, never waits on, what is damaged.
final class ZipArchiveTests: XCTestCase {
    private lazy var dir: URL = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-zip-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }()

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    private func write(_ bytes: [UInt8], _ name: String = "a.zip") throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    private func contents(_ archive: ZipArchive, _ path: String) throws -> Data {
        var data = Data()
        try archive.extract(try XCTUnwrap(archive[path])) { data.append($0) }
        return data
    }

    private func damage(_ archive: ZipArchive, _ path: String) -> String? {
        do {
            _ = try contents(archive, path)
            return nil
        } catch let error as ZipError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    /// One stored entry, written byte by byte; `zip64` puts its sizes and offset in ZIP64 fields.
    private func storedZip(_ name: String, _ content: [UInt8], zip64: Bool = false, flags: UInt16 = 0, crc: UInt32? = nil) -> [UInt8] {
        func le(_ v: UInt64, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }
        let checksum = UInt64(crc ?? Data(content).crc32(checksum: 0))
        let nameBytes = Array(name.utf8), size = UInt64(content.count)
        var out = le(0x0403_4B50, 4) + le(20, 2) + le(UInt64(flags), 2) + le(0, 2) + le(0, 4) + le(checksum, 4)
            + le(size, 4) + le(size, 4) + le(UInt64(nameBytes.count), 2) + le(0, 2) + nameBytes + content
        let directoryOffset = UInt64(out.count)
        let extra = zip64 ? le(1, 2) + le(24, 2) + le(size, 8) + le(size, 8) + le(0, 8) : []
        let small: (UInt64) -> UInt64 = { zip64 ? 0xFFFF_FFFF : $0 }
        out += le(0x0201_4B50, 4) + le(45, 2) + le(45, 2) + le(UInt64(flags), 2) + le(0, 2) + le(0, 4) + le(checksum, 4)
            + le(small(size), 4) + le(small(size), 4) + le(UInt64(nameBytes.count), 2) + le(UInt64(extra.count), 2)
            + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(small(0), 4) + nameBytes + extra
        let directorySize = UInt64(out.count) - directoryOffset
        if zip64 {
            let recordOffset = UInt64(out.count)
            out += le(0x0606_4B50, 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 4) + le(0, 4) + le(1, 8) + le(1, 8)
                + le(directorySize, 8) + le(directoryOffset, 8)
            out += le(0x0706_4B50, 4) + le(0, 4) + le(recordOffset, 8) + le(1, 4)
        }
        out += le(0x0605_4B50, 4) + le(0, 2) + le(0, 2) + le(zip64 ? 0xFFFF : 1, 2) + le(zip64 ? 0xFFFF : 1, 2)
            + le(zip64 ? 0xFFFF_FFFF : directorySize, 4) + le(zip64 ? 0xFFFF_FFFF : directoryOffset, 4) + le(0, 2)
        return out
    }

    func testODKsDownloadReadsAsWritten() throws {
        let archive = try XCTUnwrap(try ZipArchive(path: repoPath("Fixtures/exports/odk-export.csv.zip")))
        XCTAssertEqual(archive.entries.map(\.path), ["khaosat_dn_tc_cd_2025-thanh_vien.csv", "khaosat_dn_tc_cd_2025.csv"])
        // Fixtures/tools/platform_exports.py zips dn-odk.csv as the main table.
        XCTAssertEqual(try contents(archive, "khaosat_dn_tc_cd_2025.csv"),
                       try Data(contentsOf: URL(fileURLWithPath: repoPath("Fixtures/layouts/dn-odk.csv"))))
    }

    func testStoredAndZip64EntriesRead() throws {
        let text = Array("submission_id,don_vi\nA1,Phường Tuy Hòa\n".utf8)
        for zip64 in [false, true] {
            let archive = try XCTUnwrap(try ZipArchive(path: try write(storedZip("bang.csv", text, zip64: zip64))))
            XCTAssertEqual(archive.entries.map(\.uncompressedSize), [UInt64(text.count)], "zip64: \(zip64)")
            XCTAssertEqual(try contents(archive, "bang.csv"), Data(text), "zip64: \(zip64)")
        }
    }

    /// Found by the format fuzzer: one changed byte in the compressed data (offset 866 of the
    /// ODK fixture) made ZIPFoundation's inflate ask for more bytes forever.
    func testDamagedCompressedDataIsRefusedNotWaitedOn() throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: repoPath("Fixtures/exports/odk-export.csv.zip"))))
        XCTAssertEqual(bytes[866], 0x57)
        bytes[866] = 0x56
        let archive = try XCTUnwrap(try ZipArchive(path: try write(bytes)))
        XCTAssertEqual(damage(archive, "khaosat_dn_tc_cd_2025.csv"),
                       "tệp ZIP bị hỏng (khaosat_dn_tc_cd_2025.csv: dữ liệu nén dừng giữa chừng)")
    }

    func testWhatDoesNotAddUpIsRefused() throws {
        let text = Array("submission_id\nA1\n".utf8)
        let wrongCRC = try XCTUnwrap(try ZipArchive(path: try write(storedZip("a.csv", text, crc: 1), "crc.zip")))
        XCTAssertEqual(damage(wrongCRC, "a.csv"), "tệp ZIP bị hỏng (a.csv: nội dung không khớp kích thước hoặc CRC-32 đã khai báo)")
        let encrypted = try XCTUnwrap(try ZipArchive(path: try write(storedZip("a.csv", text, flags: 1), "enc.zip")))
        XCTAssertEqual(damage(encrypted, "a.csv"), "tệp ZIP bị hỏng (a.csv: được mã hoá)")
        // Cut inside the data: the central directory is gone, so it is no ZIP at all.
        let whole = storedZip("a.csv", text)
        XCTAssertNil(try ZipArchive(path: try write(Array(whole.prefix(40)), "cut.zip")))
        // A directory pointing past the end of the file.
        var pointing = whole
        pointing[pointing.count - 6] = 0xFF
        XCTAssertThrowsError(try ZipArchive(path: try write(pointing, "far.zip"))) {
            XCTAssertEqual(($0 as? ZipError)?.description, "tệp ZIP bị hỏng (mục lục nằm ngoài tệp)")
        }
    }
}
