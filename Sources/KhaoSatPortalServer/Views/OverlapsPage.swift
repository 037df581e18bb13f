import Foundation
import KhaoSatPortal

struct OverlapsPage {
    struct Side { var id: Int64; var name: String; var status: String }
    struct Pair {
        var first: Side, second: Side
        var shared: Int, identical: Int, edited: Int, conflicting: Int
        var key: String { "\(first.id)-\(second.id)" }
        var needsChoice: Bool { conflicting > 0 }
    }
    var page: Chrome
    var ids: [Int64]
    var comment: String
    var pairs: [Pair]

    init(page: Chrome, ids: [Int64], comment: String, overlaps: [UploadOverlap]) {
        self.page = page
        self.ids = ids
        self.comment = comment
        func side(_ u: Upload) -> Side { Side(id: u.id, name: u.fileName, status: Label.status(u.status)) }
        pairs = overlaps.map { o in
            Pair(first: side(o.first), second: side(o.second), shared: o.counts.shared, identical: o.counts.identical,
                 edited: o.counts.edited, conflicting: o.counts.conflicting)
        }
    }
}
