import CLibCSV

/// One record as libcsv produced it: raw field bytes, not yet decoded.
/// Valid only during the callback that receives it.
package struct RawRecord: ~Copyable {
    /// 1-based number of the record in the file (the header is record 1).
    package let number: Int
    /// Physical line where the record starts and where it ends (they differ when a
    /// quoted field holds line breaks).
    package let line: Int
    package let endLine: Int
    let bytes: UnsafeBufferPointer<UInt8>
    let ends: UnsafeBufferPointer<Int>

    package var count: Int { ends.count }

    package func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let start = i == 0 ? 0 : ends[i - 1]
        return UnsafeBufferPointer(rebasing: bytes[start..<ends[i]])
    }
}

/// State shared with libcsv's C callbacks. A struct behind a pointer: a class here
/// costs ~60 % more through exclusivity checks (see the notes on libcsv).
struct CallbackState {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    var rowDone = false
    var nulField: Int? = nil
    /// The first field of the row longer than the limit (libcsv completes a field within a
    /// chunk, so its length is only known here).
    var tooLongField: Int? = nil
    var maxFieldBytes = Int.max

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        rowDone = false
        nulField = nil
        tooLongField = nil
    }
}

private let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { p, len, ctx in
    let state = ctx!.assumingMemoryBound(to: CallbackState.self)
    if len > state.pointee.maxFieldBytes, state.pointee.tooLongField == nil { state.pointee.tooLongField = state.pointee.ends.count }
    if let p, len > 0 {
        let field = UnsafeRawBufferPointer(start: p, count: len)
        if state.pointee.nulField == nil, field.contains(0) { state.pointee.nulField = state.pointee.ends.count }
        state.pointee.bytes.append(contentsOf: field)
    }
    state.pointee.ends.append(state.pointee.bytes.count)
}

private let onRow: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, ctx in
    ctx!.assumingMemoryBound(to: CallbackState.self).pointee.rowDone = true
}

/// libcsv trims spaces and tabs around unquoted fields; with a tab delimiter only spaces.
private let isSpaceNotTab: @convention(c) (UInt8) -> Int32 = { $0 == 0x20 ? 1 : 0 }

// libcsv parser states (csv.h does not export their names).
private let rowNotBegun: Int32 = 0
private let fieldNotBegun: Int32 = 1

/// Drives libcsv in strict mode over UTF-8 blocks, one physical line at a time, so that
/// every record and every error carries its physical line even across quoted line
/// breaks and the blank lines libcsv skips silently.
final class LibCSVEngine {
    let file: String
    let limits: CSVLimits
    private let parser: UnsafeMutablePointer<csv_parser>
    private let state: UnsafeMutablePointer<CallbackState>

    private var line = 1
    private var pendingCR = false
    private var rowLine = 1
    private var fieldLine = 1
    private var charsBeforeChunk = 0
    private var records = 0

    init(file: String, delimiter: Delimiter, limits: CSVLimits) throws(CSVError) {
        self.file = file
        self.limits = limits
        parser = .allocate(capacity: 1)
        state = .allocate(capacity: 1)
        state.initialize(to: CallbackState())
        state.pointee.maxFieldBytes = limits.maxFieldBytes
        guard csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI)) == 0 else {
            state.deinitialize(count: 1)
            state.deallocate()
            parser.deallocate()
            throw .cannotRead(file: file, reason: "csv_init")
        }
        csv_set_delim(parser, delimiter.rawValue)
        if delimiter == .tab { csv_set_space_func(parser, isSpaceNotTab) }
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Number of physical lines seen so far (a final line without a newline counts).
    var physicalLines: Int { line - 1 }
    var recordCount: Int { records }

    func feed(_ block: UnsafeRawBufferPointer, _ body: (borrowing RawRecord) throws -> Void) throws {
        guard let base = block.baseAddress else { return }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var i = 0
        if pendingCR, block.count > 0 {
            pendingCR = false
            if bytes[0] == 0x0A {
                // The LF of a CRLF split across two blocks: the line was counted at the CR.
                try parse(bytes, 0, 1, endsLine: false, body)
                charsBeforeChunk = 0
                i = 1
            }
        }
        while i < block.count {
            var j = i
            while j < block.count, bytes[j] != 0x0A, bytes[j] != 0x0D { j += 1 }
            var end = j
            var endsLine = false
            if j < block.count {
                endsLine = true
                end = j + 1
                if bytes[j] == 0x0D {
                    if end < block.count { if bytes[end] == 0x0A { end += 1 } } else { pendingCR = true }
                }
            }
            try parse(bytes, i, end, endsLine: endsLine, body)
            i = end
        }
    }

    func finish(_ body: (borrowing RawRecord) throws -> Void) throws {
        if csv_fini(parser, onField, onRow, state) != 0 {
            throw CSVError.unterminatedQuote(FileLocation(file: file, line: fieldLine, field: state.pointee.ends.count + 1))
        }
        try deliver(body)
        if charsBeforeChunk > 0 { line += 1 }
    }

    private func parse(_ bytes: UnsafePointer<UInt8>, _ from: Int, _ to: Int, endsLine: Bool,
                                _ body: (borrowing RawRecord) throws -> Void) throws {
        let pstate = parser.pointee.pstate
        if pstate == rowNotBegun { rowLine = line }
        if pstate == rowNotBegun || pstate == fieldNotBegun { fieldLine = line }
        let length = to - from
        let consumed = csv_parse(parser, bytes + from, length, onField, onRow, state)
        if consumed != length {
            let bad = bytes[from + consumed]
            let location = FileLocation(
                file: file, line: line, field: state.pointee.ends.count + 1,
                character: charsBeforeChunk + characterCount(bytes + from, consumed) + 1)
            throw bad == 0x22 ? CSVError.strayQuote(location) : CSVError.textAfterClosingQuote(location)
        }
        if let field = state.pointee.tooLongField {
            throw CSVError.fieldTooLong(FileLocation(file: file, line: fieldLine, field: field + 1), limitBytes: limits.maxFieldBytes)
        }
        if parser.pointee.entry_pos > limits.maxFieldBytes || state.pointee.bytes.count > limits.maxRecordBytes {
            throw CSVError.fieldTooLong(FileLocation(file: file, line: fieldLine, field: state.pointee.ends.count + 1),
                                        limitBytes: limits.maxFieldBytes)
        }
        try deliver(body)
        if endsLine {
            line += 1
            charsBeforeChunk = 0
        } else {
            charsBeforeChunk += characterCount(bytes + from, length)
        }
    }

    private func deliver(_ body: (borrowing RawRecord) throws -> Void) throws {
        guard state.pointee.rowDone else { return }
        records += 1
        if let field = state.pointee.nulField {
            throw CSVError.nulByte(FileLocation(file: file, line: rowLine, field: field + 1))
        }
        let number = records, start = rowLine, end = line
        try state.pointee.bytes.withUnsafeBufferPointer { b in
            try state.pointee.ends.withUnsafeBufferPointer { e in
                try body(RawRecord(number: number, line: start, endLine: end, bytes: b, ends: e))
            }
        }
        state.pointee.reset()
    }
}

/// Characters (not bytes) in a UTF-8 run: every byte that is not a continuation byte.
private func characterCount(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    var count = 0
    for k in 0..<n where p[k] & 0xC0 != 0x80 { count += 1 }
    return count
}
