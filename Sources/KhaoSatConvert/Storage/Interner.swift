/// Strings by number: each distinct name is stored once.
package struct Interner: Sendable {
    package private(set) var all: [String] = []
    private var ids: [String: Int32] = [:]

    package init() {}

    package mutating func id(_ name: String) -> Int32 {
        if let id = ids[name] { return id }
        all.append(name)
        ids[name] = Int32(all.count - 1)
        return Int32(all.count - 1)
    }

    /// What the interner promises, or nil: each name once, its number its place. For tests.
    package func brokenInvariant() -> String? {
        if ids.count != all.count { return "\(all.count) names, \(ids.count) numbers" }
        for (i, name) in all.enumerated() where ids[name] != Int32(i) { return "\(name) is not number \(i)" }
        return nil
    }
}
