import Foundation

struct OperationsPage {
    struct Row { var name: String; var files: String; var size: String }
    var page: Chrome
    var rows: [Row]
    var free: String
    var problems: [String]
    var version: String
}
