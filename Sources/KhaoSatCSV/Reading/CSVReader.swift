/// A record with its fields decoded to NFC text.
package struct CSVRecord: Sendable, Equatable {
    /// 1-based number of the record in the file (the header is record 1).
    package var number: Int
    /// Physical line where the record starts, and where it ends.
    package var line: Int
    package var endLine: Int
    package var fields: [String]

    package init(number: Int, line: Int, endLine: Int, fields: [String]) {
        self.number = number
        self.line = line
        self.endLine = endLine
        self.fields = fields
    }

    /// Physical line where field `i` (0-based) starts, counting the line breaks of
    /// the quoted fields after it.
    package func line(ofField i: Int) -> Int {
        var l = endLine
        for f in fields[i...] { l -= lineBreaks(f) }
        return l
    }
}

private func lineBreaks(_ s: String) -> Int {
    var n = 0
    var previousCR = false
    for b in s.utf8 {
        if b == 0x0D || (b == 0x0A && !previousCR) { n += 1 }
        previousCR = b == 0x0D
    }
    return n
}

package struct CSVReadOptions: Sendable {
    /// nil: detected from the first line.
    package var delimiter: Delimiter?
    package var blockSize: Int
    package var limits: CSVLimits

    package init(delimiter: Delimiter? = nil, blockSize: Int = 64 * 1024, limits: CSVLimits = CSVLimits()) {
        self.delimiter = delimiter
        self.blockSize = blockSize
        self.limits = limits
    }
}

/// What reading a whole file found out about it.
package struct CSVReadSummary: Sendable, Equatable {
    package var file: String
    package var encoding: TextEncoding
    package var delimiter: Delimiter
    package var records: Int
    package var physicalLines: Int
    package var warnings: [CSVWarning]
}

/// Streams a CSV file through libcsv in fixed-size blocks: memory does not grow with the
/// file, only with its longest record.
///
/// Decisions, so that nothing is silently different from what the user typed:
/// - UTF-8 with or without BOM, UTF-16 LE/BE with BOM (or recognisable without);
///   fields that are not valid UTF-8 are read as Windows-1258 and the summary warns.
/// - Text in the legacy TCVN3/VNI fonts is refused (`CSVError.legacyFont`).
/// - Every field is handed on in Unicode NFC.
/// - Quoting is strict (RFC 4180): a stray quote is an error with its line and column.
/// - Spaces and tabs around an unquoted field are trimmed (libcsv's behaviour, and what
///   a spreadsheet user expects); inside quotes they are kept.
/// - Blank lines are skipped but still counted, so line numbers match an editor's.
/// - A final record without a line break is read like any other.
/// - A NUL byte anywhere in a field refuses the file (it is binary, or UTF-16 misread).
package struct CSVReader: Sendable {
    package let name: String
    private let input: Input
    package var options: CSVReadOptions

    private enum Input: Sendable {
        case path(String)
        case bytes([UInt8])
    }

    /// Reads the file at `path`; messages name it by `name` (default: the path).
    package init(path: String, name: String? = nil, options: CSVReadOptions = CSVReadOptions()) {
        self.name = name ?? path
        self.input = .path(path)
        self.options = options
    }

    package init(bytes: [UInt8], name: String, options: CSVReadOptions = CSVReadOptions()) {
        self.name = name
        self.input = .bytes(bytes)
        self.options = options
    }

    /// Calls `body` for every record, in order, with its fields decoded. `bytesRead` sees every
    /// byte of the input as it is read (to hash it on the way, without a second read).
    @discardableResult
    package func forEachRecord(bytesRead: ((UnsafeRawBufferPointer) -> Void)? = nil,
                              _ body: (CSVRecord) throws -> Void) throws -> CSVReadSummary {
        var decoder = FieldDecoder(file: name)
        let summary = try forEachRawRecord(bytesRead: bytesRead) { raw in
            // A fresh array each record: the last one went on to a lane, and emptying it "keeping
            // capacity" allocated a new one anyway, larger than needed (37 MB alive at 1 M rows).
            var fields: [String] = []
            fields.reserveCapacity(raw.count)
            for i in 0..<raw.count {
                fields.append(try decoder.decode(raw.field(i), line: raw.line, field: i + 1))
            }
            try body(CSVRecord(number: raw.number, line: raw.line, endLine: raw.endLine, fields: fields))
        }
        try decoder.finish()
        var result = summary
        if let w = decoder.warning { result.warnings.insert(w, at: 0) }
        return result
    }

    /// Reads every record into memory. For small files (questionnaires, registries).
    package func readAll() throws -> (records: [CSVRecord], summary: CSVReadSummary) {
        var records: [CSVRecord] = []
        let summary = try forEachRecord { records.append($0) }
        return (records, summary)
    }

    /// A small file whose first record is its header: each row as column name → value. For
    /// reading back the project's own outputs (a run's `quality.csv`, a back-check's verdicts).
    package func readNamedRows() throws -> (header: [String], rows: [[String: String]]) {
        let records = try readAll().records
        let header = records.first?.fields ?? []
        let rows = records.dropFirst().map { r in Dictionary(zip(header, r.fields).map { ($0, $1) }, uniquingKeysWith: { a, _ in a }) }
        return (header, rows)
    }

    /// The fast path: raw field bytes, undecoded, valid only inside `body`.
    package func forEachRawRecord(bytesRead: ((UnsafeRawBufferPointer) -> Void)? = nil,
                                 _ body: (borrowing RawRecord) throws -> Void) throws -> CSVReadSummary {
        var source: ByteSource
        switch input {
        case .path(let p): source = try ByteSource.open(path: p)
        case .bytes(let b): source = .memory(b, position: 0)
        }
        defer { source.close() }

        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: options.blockSize, alignment: 16)
        defer { raw.deallocate() }
        var n = try source.read(into: raw, file: name)
        bytesRead?(UnsafeRawBufferPointer(rebasing: raw[0..<n]))
        if let format = BinarySignature.format(of: UnsafeRawBufferPointer(rebasing: raw[0..<n])) {
            throw CSVError.notCSV(file: name, format: format)
        }
        let (encoding, bom) = TextEncoding.detect(UnsafeRawBufferPointer(rebasing: raw[0..<n]))
        var transcoder: UTF16Transcoder? = switch encoding {
        case .utf16LE: UTF16Transcoder(bigEndian: false)
        case .utf16BE: UTF16Transcoder(bigEndian: true)
        case .utf8, .utf8WithBOM: nil
        }
        var utf8: [UInt8] = []
        var engine: LibCSVEngine?
        var delimiter = options.delimiter ?? .comma
        // Bytes held back until the header line is complete, to detect the delimiter.
        var head: [UInt8] = []
        func start() throws {
            if options.delimiter == nil { delimiter = head.withUnsafeBytes { .detect(firstBlock: $0) } }
            let started = try LibCSVEngine(file: name, delimiter: delimiter, limits: options.limits)
            engine = started
            try head.withUnsafeBytes { try started.feed($0, body) }
            head = []
        }
        func run(_ bytes: UnsafeRawBufferPointer) throws {
            if let engine { return try engine.feed(bytes, body) }
            head.append(contentsOf: bytes)
            if head.contains(0x0A) || head.contains(0x0D) || head.count >= 1 << 16 { try start() }
        }

        var offset = bom
        while n > 0 {
            let block = UnsafeRawBufferPointer(rebasing: raw[offset..<n])
            offset = 0
            if transcoder != nil {
                transcoder!.transcode(block, into: &utf8)
                try utf8.withUnsafeBytes(run)
            } else {
                try run(block)
            }
            n = try source.read(into: raw, file: name)
            bytesRead?(UnsafeRawBufferPointer(rebasing: raw[0..<n]))
        }
        var warnings: [CSVWarning] = []
        if transcoder != nil {
            transcoder!.finish(into: &utf8)
            try utf8.withUnsafeBytes(run)
            if transcoder!.replacedUnits > 0 {
                warnings.append(.invalidUTF16(file: name, units: transcoder!.replacedUnits))
            }
        }
        if engine == nil, !head.isEmpty { try start() }
        guard let engine else {
            return CSVReadSummary(file: name, encoding: encoding, delimiter: delimiter, records: 0,
                                  physicalLines: 0, warnings: warnings)
        }
        try engine.finish(body)
        return CSVReadSummary(file: name, encoding: encoding, delimiter: delimiter, records: engine.recordCount,
                              physicalLines: engine.physicalLines, warnings: warnings)
    }
}
