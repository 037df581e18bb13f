import Foundation

// What the templates see: plain stored properties (Mustache reads them by reflection),
// every text already in Vietnamese and every number already formatted.

struct Chrome {
    var title: String
    var user: String?
    var role: String?
    var csrf: String?
    var isContractor = false
    var seesRuns = false
    var isOfficer = false
    /// Seconds after which the page loads itself again (a job's progress).
    var refresh: Int?

    init(_ title: String, _ context: PortalContext) {
        self.title = title
        user = context.user?.name
        role = context.user.map { Label.role($0.role) }
        csrf = context.session?.csrf
        isContractor = context.user?.role == .contractor
        seesRuns = context.user.map { $0.role != .contractor } ?? false
        isOfficer = context.user?.role == .officer
    }
}
