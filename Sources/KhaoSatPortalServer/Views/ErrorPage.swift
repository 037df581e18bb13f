import Foundation

struct ErrorPage {
    var page: Chrome
    var status: Int
    var message: String
}
