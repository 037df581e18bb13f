import Foundation

struct ProgressPage {
    var page: Chrome
    var verb: String
    var rows: String?
    var seconds: Int
    var failed: String?
    var back: String
}
