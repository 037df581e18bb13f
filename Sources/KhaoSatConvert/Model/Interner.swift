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
}
