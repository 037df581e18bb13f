import Foundation
import KhaoSatCSV

/// `quarantine.csv`, by its one writer: `validate`, every run and every portal upload. Entries
/// are written in their order, a row at a time. An entry without its raw row (set aside after
/// its file was read: replaced by the same respondent, excluded by a quality flag) gets it from
/// its input, read again while that file's entries are written and only as far as the last of
/// them: the one second pass a run may make, and only over the files that need it.
package struct QuarantineWriter {
    private let options: IngestOptions
    /// Per file, its declared personal values' columns: a raw row read again gets its pseudonyms too.
    private let masks: [String: PersonalMask]
    private let paths: [String: String]
    private let spill: RawRowSpill?

    /// For the entries of `result`, read from `inputs` with `options`.
    package init(_ result: IngestResult, inputs: [(path: String, name: String)], options: IngestOptions) {
        self.options = options
        masks = result.personalMasks
        spill = result.rawRowSpill
        paths = Dictionary(inputs.map { ($0.name, $0.path) }, uniquingKeysWith: { a, _ in a })
    }

    /// For entries whose raw rows are all there (a stored report's).
    package init() {
        (options, masks, paths, spill) = (IngestOptions(), [:], [:], nil)
    }

    package func write(_ entries: [QuarantineEntry], toFile path: String) throws {
        let writer = try CSVFileWriter(path: path)
        try write(entries) { try writer.write($0) }
        try writer.close()
    }

    package func bytes(_ entries: [QuarantineEntry]) throws -> [UInt8] {
        let encoder = CSVEncoder()
        var out = encoder.preamble
        try write(entries) { encoder.encode($0, into: &out) }
        return out
    }

    /// The header, then each entry's cells, to `row`.
    package func write(_ entries: [QuarantineEntry], row: ([CSVCell]) throws -> Void) throws {
        try row(QuarantineFile.table.header)
        try complete(entries) { try row(QuarantineFile.table.cells($0)) }
    }

    /// Each entry (in file and line order, as a result holds them) with its raw row, in order, to `body`.
    package func complete(_ entries: [QuarantineEntry], _ body: (QuarantineEntry) throws -> Void) throws {
        /// Without its raw row in memory or in the spill.
        func missing(_ e: QuarantineEntry) -> Bool { e.rawRow.isEmpty && spill?.has(RawRowKey(e)) != true }
        func filled(_ e: QuarantineEntry) -> QuarantineEntry {
            guard e.rawRow.isEmpty, let raw = try? spill?.row(for: RawRowKey(e)) else { return e }
            var e = e
            e.rawRow = raw
            return e
        }
        var next = 0
        while next < entries.count {
            let file = entries[next].source.file
            let end = entries[next...].firstIndex { $0.source.file != file } ?? entries.count
            if let path = paths[file], entries[next..<end].contains(where: missing) {
                try reread(path: path, file: file) { record in
                    while next < end, entries[next].source.line <= record.line {
                        var e = entries[next]
                        if missing(e), e.source.line == record.line { e.rawRow = masks[file]?.apply(record.fields) ?? record.fields }
                        try body(filled(e))
                        next += 1
                    }
                    return next < end
                }
            }
            // Those the input no longer has (or could not give again) are written without.
            for e in entries[next..<end] { try body(filled(e)) }
            next = end
        }
    }

    private struct Enough: Error {}
    private struct Writing: Error { var error: Error }

    /// Reads `path` until `body` says it has enough. The input was read moments ago: if it cannot
    /// be now, its entries are written without their raw rows rather than not at all.
    private func reread(path: String, file: String, _ body: (CSVRecord) throws -> Bool) throws {
        do {
            _ = try ResponseRows(path: path, name: file, options: options).forEachRecord { record in
                let more: Bool
                do { more = try body(record) } catch { throw Writing(error: error) }
                if !more { throw Enough() }
            }
        } catch let failure as Writing {
            throw failure.error
        } catch {
            return
        }
    }
}
