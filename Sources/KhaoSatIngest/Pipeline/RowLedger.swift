import KhaoSatConvert

/// The run's account of every row: the only way a count moves. A file is opened, its rows and
/// submissions counted (accepted, set aside with a reason, dropped as a duplicate), then closed
/// (its counts stand) or abandoned (it could not be read; its counts go). A submission accepted
/// may later be withdrawn (replaced by the same respondent, a quality flag): it then leaves
/// `accepted` for `setAside` or `duplicates`. Every move takes from one column what it adds to
/// another, so each file's `balances` holds by construction.
package struct RowLedger: Sendable {
    package private(set) var files: [FileAccounting] = []
    /// The entries set aside, in (file, line, id) order once `sort` has run.
    package private(set) var quarantine: [QuarantineEntry] = []
    /// Closed files by name: where a withdrawal is counted.
    private var positions: [String: Int] = [:]
    private var current: FileAccounting?
    private var currentEntries: [QuarantineEntry] = []

    package init() {}

    /// Entries set aside so far, the open file's included.
    package var entryCount: Int { quarantine.count + currentEntries.count }

    // MARK: The file being read

    mutating func open(_ accounting: FileAccounting) {
        current = accounting
        currentEntries = []
    }

    var isOpen: Bool { current != nil }

    /// A record of the file; returns its number (1 for the first).
    mutating func row() -> Int {
        current!.rows += 1
        return current!.rows
    }

    /// Records that are no submission: KoBoToolbox's hashtag row, a sheet's title rows.
    mutating func notSubmissions(_ n: Int, rows: Int = 0) {
        current!.rows += rows
        current!.notSubmissions += n
    }

    mutating func accept() {
        current!.submissions += 1
        current!.accepted += 1
    }

    mutating func duplicate() {
        current!.submissions += 1
        current!.duplicates += 1
    }

    mutating func setAside(_ entry: QuarantineEntry) {
        current!.submissions += 1
        current!.setAside += 1
        currentEntries.append(entry)
    }

    mutating func close() {
        guard let file = current else { return }
        positions[file.file] = files.count
        files.append(file)
        quarantine += currentEntries
        (current, currentEntries) = (nil, [])
    }

    mutating func abandon() {
        (current, currentEntries) = (nil, [])
    }

    // MARK: After the file

    /// An accepted submission leaves the count: set aside for `why`.
    package mutating func withdraw(_ source: Source, id: String, unit: String, why: SetAside) {
        guard let f = positions[source.file] else { return }
        files[f].accepted -= 1
        files[f].setAside += 1
        quarantine.append(QuarantineEntry(source: source, column: nil, submissionId: id, unit: unit, why: why, rawRow: []))
    }

    /// An accepted submission leaves the count as a duplicate of another kept.
    mutating func withdrawDuplicate(_ source: Source) {
        guard let f = positions[source.file] else { return }
        files[f].accepted -= 1
        files[f].duplicates += 1
    }

    /// The entry read at `source` was also read at `others` (overlapping exports): said once, at its first place.
    mutating func noteRepeats(_ repeats: [Source: [Source]]) {
        guard !repeats.isEmpty else { return }
        for i in quarantine.indices {
            guard let others = repeats[quarantine[i].source] else { continue }
            quarantine[i].message += SetAside.alsoAt(others)
        }
    }

    package mutating func sort() {
        quarantine.sort { ($0.source.file, $0.source.line, $0.submissionId) < ($1.source.file, $1.source.line, $1.submissionId) }
    }
}
