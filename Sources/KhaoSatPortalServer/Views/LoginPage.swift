import Foundation

struct LoginPage {
    var page: Chrome
    var csrf: String
    var message: String?
    var name: String
}
