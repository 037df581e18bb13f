import Foundation

struct AuditPage {
    struct Line { var id: Int64; var at: String; var actor: String; var action: String; var target: String; var detail: String }
    var page: Chrome
    var lines: [Line]
}
