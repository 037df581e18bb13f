import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// The scored answers' codes of every record, a byte each while every code fits in one (choice
/// positions do), four bytes once one does not (a select_multiple's choice bits).
struct CodeBuffer {
    private var narrow: ChunkedArray<UInt8>
    private var wide: ChunkedArray<Int32>
    private var isWide = false
    private let residentBytes: Int?

    init(residentBytes: Int? = nil) {
        self.residentBytes = residentBytes
        (narrow, wide) = (ChunkedArray(residentBytes: residentBytes), ChunkedArray(residentBytes: residentBytes))
    }

    var count: Int { isWide ? wide.count : narrow.count }

    subscript(i: Int) -> Int32 { isWide ? wide[i] : Int32(narrow[i]) }

    mutating func append(contentsOf codes: [Int32]) {
        if !isWide, codes.allSatisfy({ (0...255).contains($0) }) {
            for c in codes { narrow.append(UInt8(c)) }
            return
        }
        widen()
        wide.append(contentsOf: codes)
    }

    mutating func append(contentsOf other: CodeBuffer) {
        if !isWide, !other.isWide { narrow.append(contentsOf: other.narrow); return }
        widen()
        if other.isWide { wide.append(contentsOf: other.wide) } else { wide.append(contentsOf: other.narrow.lazy.map(Int32.init)) }
    }

    /// What the buffer promises, or nil: the codes in one array only, narrow ones in a byte. For tests.
    func brokenInvariant() -> String? {
        if isWide ? !narrow.isEmpty : !wide.isEmpty { return "codes in both arrays" }
        return narrow.brokenInvariant() ?? wide.brokenInvariant()
    }

    private mutating func widen() {
        guard !isWide else { return }
        wide.append(contentsOf: narrow.lazy.map(Int32.init))
        narrow = ChunkedArray(residentBytes: residentBytes)
        isWide = true
    }

    /// See `ChunkedArray.Reader`.
    final class Reader {
        private let narrow: ChunkedArray<UInt8>.Reader?
        private let wide: ChunkedArray<Int32>.Reader?

        init(_ buffer: CodeBuffer) {
            (narrow, wide) = buffer.isWide ? (nil, buffer.wide.reader()) : (buffer.narrow.reader(), nil)
        }

        subscript(i: Int) -> Int32 { narrow.map { Int32($0[i]) } ?? wide![i] }
    }

    func reader() -> Reader { Reader(self) }
}
