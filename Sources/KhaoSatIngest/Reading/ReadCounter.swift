import Foundation

/// How many times each input was read record by record (`ResponseRows.forEachRecord`), by its
/// name. For tests and benchmarks: a run reads each input once, and the README says when and why
/// it reads one again. Shared by every copy of the options that carry it.
package final class ReadCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    package init() {}

    func count(_ name: String) { lock.withLock { counts[name, default: 0] += 1 } }

    package var reads: [String: Int] { lock.withLock { counts } }
}
