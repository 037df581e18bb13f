import Crypto
import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// Rows in and out of one file. `submissions` equals `rows` except when a Google Forms grid
/// turns one row into several submissions (one per unit rated).
package struct FileAccounting: Sendable, Codable, Equatable {
    package var file: String
    package var layout: Layout
    package var form: String
    package var rows = 0
    package var submissions = 0
    package var accepted = 0
    package var setAside = 0
    package var duplicates = 0
    /// Rows that are no submission at all: KoBoToolbox's row of HXL hashtags under the header.
    package var notSubmissions = 0

    /// submissions = accepted + set aside + duplicates dropped.
    package var balances: Bool { submissions == accepted + setAside + duplicates }
}

extension FileAccounting {
    private enum CodingKeys: String, CodingKey {
        case file, layout, form, rows, submissions, accepted, setAside, duplicates, notSubmissions
    }

    /// `notSubmissions` is written only when there are some, and read as 0 when absent, so
    /// the reports and manifests written before it read and compare as they did.
    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(file: try c.decode(String.self, forKey: .file), layout: try c.decode(Layout.self, forKey: .layout),
                  form: try c.decode(String.self, forKey: .form), rows: try c.decode(Int.self, forKey: .rows),
                  submissions: try c.decode(Int.self, forKey: .submissions), accepted: try c.decode(Int.self, forKey: .accepted),
                  setAside: try c.decode(Int.self, forKey: .setAside), duplicates: try c.decode(Int.self, forKey: .duplicates),
                  notSubmissions: try c.decodeIfPresent(Int.self, forKey: .notSubmissions) ?? 0)
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(layout, forKey: .layout)
        try c.encode(form, forKey: .form)
        try c.encode(rows, forKey: .rows)
        try c.encode(submissions, forKey: .submissions)
        try c.encode(accepted, forKey: .accepted)
        try c.encode(setAside, forKey: .setAside)
        try c.encode(duplicates, forKey: .duplicates)
        if notSubmissions > 0 { try c.encode(notSubmissions, forKey: .notSubmissions) }
    }
}

/// A file that could not be read at all; the other files' results stand.
package struct FileFailure: Sendable, Codable, Equatable {
    package var file: String
    package var message: String
}

package struct IngestResult: Sendable {
    /// Filled by `ingest(_:progress:)`; empty when the submissions went to a sink.
    package var accepted: [Submission] = []
    /// Every row's fate: the files' counts and the entries set aside.
    package var ledger = RowLedger()
    package var quarantine: [QuarantineEntry] { ledger.quarantine }
    package var files: [FileAccounting] { ledger.files }
    package var failures: [FileFailure] = []
    package var warnings: [String] = []
    /// Per file read to its end, its SHA-256, taken as it was read (`Ingestor.hashesInputs`).
    package var digests: [String: FileDigest] = [:]
    /// Per file, its columns of declared personal values: raw rows read again get pseudonyms too.
    package var personalMasks: [String: PersonalMask] = [:]
    /// The raw rows set aside past `Ingestor.rawRowsInMemory`, for `QuarantineWriter`.
    var rawRowSpill: RawRowSpill?

    package var total: FileAccounting {
        files.reduce(into: FileAccounting(file: "", layout: .canonical, form: "")) { t, f in
            t.rows += f.rows; t.submissions += f.submissions; t.accepted += f.accepted
            t.setAside += f.setAside; t.duplicates += f.duplicates; t.notSubmissions += f.notSubmissions
        }
    }

    /// Per unit code, how many rows about it were set aside for each reason code.
    package var setAsideByUnit: [String: [String: Int]] {
        quarantine.reduce(into: [:]) { counts, q in counts[q.unit, default: [:]][q.reason.rawValue, default: 0] += 1 }
    }
}

extension Digest {
    /// Lowercase hex, as `sha256sum` prints it.
    package var hex: String { lowercaseHex }
}
