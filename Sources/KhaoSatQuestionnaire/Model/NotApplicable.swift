import Foundation

/// A (unit, sub-criterion) pair outside the unit's assigned functions: not scored.
package struct NotApplicable: Sendable, Hashable, Codable {
    package var unitCode: String
    package var subcriterion: String
    package var reason: String
    package var line: Int
}
