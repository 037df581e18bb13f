import Foundation
import KhaoSatPortal

struct RunsPage {
    var page: Chrome
    var runs: [RunRowView]
    var canConvert: Bool
    var acceptedCount: Int
    /// Accepted uploads sharing ids with other answers and no choice: shown before converting.
    var unresolved: [OverlapsPage.Pair] = []
}

struct RunRowView {
    var id: Int64
    var at: String
    var actor: String
    var uploads: String
    var rows: String
    var submissions: String
    var accepted: String
    var setAside: String
    var duplicates: String

    init(_ r: ConversionRecord, actor: String) {
        id = r.id; at = Label.time(r.at); self.actor = actor; uploads = r.uploads.map { "u\($0)" }.joined(separator: ", ")
        (rows, submissions, accepted, setAside, duplicates) = (Label.count(r.rows), Label.count(r.submissions), Label.count(r.accepted),
                                                             Label.count(r.setAside), Label.count(r.duplicates))
    }
}
