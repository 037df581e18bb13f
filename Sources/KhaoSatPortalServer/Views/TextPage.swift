import Foundation

struct TextPage {
    var page: Chrome
    var back: String
    var text: String
}
