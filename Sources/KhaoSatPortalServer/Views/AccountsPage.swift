import Foundation

struct AccountsPage {
    struct Row { var name: String; var role: String; var created: String; var disabled: String? }
    var page: Chrome
    var accounts: [Row]
}

struct AccountPage {
    var page: Chrome
    var message: String?
}
