import Foundation

/// A (unit, sub-criterion) pair outside the unit's assigned functions: not scored.
public struct NotApplicable: Sendable, Hashable, Codable {
    public var unitCode: String
    public var subcriterion: String
    public var reason: String
    public var line: Int
}
