import KhaoSatCSV

package enum DuplicatePolicy: String, Sendable, Codable {
    /// The same respondent rating the same unit again: keep the latest submission.
    case latest
    /// … keep the first.
    case first
}

package struct IngestOptions: Sendable {
    /// nil: detected from each file's header.
    package var layout: Layout?
    package var duplicates: DuplicatePolicy
    package var delimiter: Delimiter?
    /// The sheet of a workbook to read (nil: the first).
    package var sheet: String?
    /// Count KoBoToolbox submissions "on hold" instead of setting them aside.
    package var acceptOnHold: Bool
    /// Replaces the set's declared personal values as they are read; nil: kept as they are
    /// (the commands and the portal never run a set that declares some without one).
    package var pseudonyms: PseudonymKey?
    /// Keep each accepted submission's answers (`Submission.answers`): for the edges that show
    /// them (the phúc tra's originals, tests). The engine reads only codes, `interview` and
    /// `fingerprint`, so a conversion keeps none.
    package var keepsAnswers = false
    /// Keep the contact (a `contact` question's value) of respondents who consented: only to draw a phúc tra sample.
    package var keepsConsentedContacts = false
    /// Inputs whose version of a submission counts when the same id comes with other answers
    /// elsewhere (the officer's choice, `--prefer`), the first listed first; the other versions
    /// are set aside (`ID_OTHER_FILE_CHOSEN`). Ids not shared with these inputs are unaffected.
    package var preferredInputs: [String] = []
    /// Tests and benchmarks only: counts each input's reads.
    package var readCounter: ReadCounter?

    package init(layout: Layout? = nil, duplicates: DuplicatePolicy = .latest, delimiter: Delimiter? = nil, sheet: String? = nil,
                acceptOnHold: Bool = false, pseudonyms: PseudonymKey? = nil) {
        self.pseudonyms = pseudonyms
        self.layout = layout
        self.duplicates = duplicates
        self.delimiter = delimiter
        self.sheet = sheet
        self.acceptOnHold = acceptOnHold
    }
}
