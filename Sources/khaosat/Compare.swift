import ArgumentParser
import Foundation
import KhaoSatCSV
import KhaoSatExport
import KhaoSatQuestionnaire

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "So sánh năm nay với năm trước theo từng đơn vị: Nội dung 3 và các tiêu chí thành phần giống nhau ở hai bộ phiếu, mức thay đổi và có vượt sai số khảo sát không.",
        discussion: """
        --crosswalk: tệp CSV old_code,new_code nối đơn vị năm trước với đơn vị năm nay (sáp nhập: nhiều đơn vị cũ → một \
        đơn vị mới); đơn vị cùng mã ở hai năm không cần dòng. Điểm năm trước của đơn vị sáp nhập là bình quân điểm các đơn vị \
        cũ theo số phiếu. Mã thoát: 0 đã so sánh, 2 không đọc được lượt hoặc tệp nối có lỗi.
        """
    )

    @Option(name: .customLong("run"), help: "Thư mục kết quả của khaosat convert: năm trước, rồi năm nay.")
    var runs: [String] = []

    @Option(help: "Tệp nối đơn vị năm trước với năm nay (old_code,new_code).")
    var crosswalk: String?

    @Option(help: "Ghi bảng so sánh (CSV) vào tệp này, ngoài bản tóm tắt trên màn hình.")
    var out: String?

    func validate() throws {
        guard runs.count == 2 else { throw ValidationError("cần đúng hai --run (năm trước, năm nay), không phải \(runs.count).") }
    }

    func run() throws {
        let (last, this) = try readingInputs { (try Content3Document.read(directory: runs[0]), try Content3Document.read(directory: runs[1])) }
        var map: [String: String] = [:]
        if let crosswalk {
            let read = try readingInputs { try Crosswalk.read(path: crosswalk, lastUnits: Set(last.units.map(\.code)), thisUnits: Set(this.units.map(\.code))) }
            for p in read.problems { printError(p.description) }
            guard read.problems.isEmpty else {
                printError("Tệp nối đơn vị có lỗi: chưa so sánh.")
                throw ExitCode(2)
            }
            map = read.crosswalk.newCode
        }
        let result = YearOverYear(last: last, this: this, crosswalk: map)
        if let out {
            try RunWriter(directory: (out as NSString).deletingLastPathComponent.isEmpty ? "." : (out as NSString).deletingLastPathComponent)
                .write([((out as NSString).lastPathComponent, CSVEncoder().encode(YearOverYearTable.table.rows(result.lines)))])
        }
        let years = [last, this].map { d in d.manifest.document.map { $0.year.isEmpty ? d.manifest.questionnaireSet : $0.year } ?? d.manifest.questionnaireSet }
        let totals = result.lines.filter { $0.subcriterion.isEmpty }
        print("So sánh \(years[1]) với \(years[0]): \(totals.count) đơn vị.")
        for l in totals where l.lastUnits.count > 1 || l.lastUnits != [l.unit] {
            print("  \(l.name) (\(l.unit)) so với \(l.lastUnits.joined(separator: " + ")) năm trước (bình quân theo số phiếu).")
        }
        let moved = totals.filter { $0.beyondUncertainty == true }
        print("Thay đổi vượt sai số khảo sát (khoảng tin cậy 95 % của mức thay đổi không chứa 0): \(moved.count) đơn vị.")
        for l in moved {
            print("  \(l.name) (\(l.unit)): \(show(l.last)) → \(show(l.this))\(l.measure == "percent" ? " %" : " điểm") "
                  + "(thay đổi \(show(l.change)), khoảng \(show(l.interval!.lowerBound)) – \(show(l.interval!.upperBound)))")
        }
        let unknown = totals.filter { $0.interval == nil }.count
        if unknown > 0 { print("Không xác định được sai số của mức thay đổi: \(unknown) đơn vị (một năm không có khoảng tin cậy).") }
        if !result.withoutLastYear.isEmpty { print("Không có số liệu năm trước: " + result.withoutLastYear.joined(separator: ", ") + ".") }
        if !result.notComparable.isEmpty {
            print("Tiêu chí thành phần khác năm trước (mã, điểm tối đa hoặc cách tính), không so sánh: " + result.notComparable.joined(separator: ", ") + ".")
        }
        if let out { print("Đã ghi bảng so sánh vào \(out).") }
    }

    private func show(_ x: Decimal?) -> String { x.map { Decimals.vietnamese($0) } ?? "–" }
}
