import KhaoSatCSV

public enum DuplicatePolicy: String, Sendable, Codable {
    /// The same respondent rating the same unit again: keep the latest submission.
    case latest
    /// … keep the first.
    case first
}

public struct IngestOptions: Sendable {
    /// nil: detected from each file's header.
    public var layout: Layout?
    public var duplicates: DuplicatePolicy
    public var delimiter: Delimiter?
    /// The sheet of a workbook to read (nil: the first).
    public var sheet: String?
    /// Count KoBoToolbox submissions "on hold" instead of setting them aside.
    public var acceptOnHold: Bool

    public init(layout: Layout? = nil, duplicates: DuplicatePolicy = .latest, delimiter: Delimiter? = nil, sheet: String? = nil,
                acceptOnHold: Bool = false) {
        self.layout = layout
        self.duplicates = duplicates
        self.delimiter = delimiter
        self.sheet = sheet
        self.acceptOnHold = acceptOnHold
    }
}
