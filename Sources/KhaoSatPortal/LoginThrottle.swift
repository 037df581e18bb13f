import Foundation

/// Failed logins per account and per address: after `limit` failures within `window`, that
/// account (from anywhere) and that address (for any account) wait until the oldest failure
/// leaves the window. Kept in memory: a restart forgets, which costs an attacker a restart
/// they cannot cause. Shared by every request, hence the lock.
package final class LoginThrottle: @unchecked Sendable {
    package let limit: Int
    package let window: TimeInterval
    private var failures: [String: [Date]] = [:]
    private let lock = NSLock()

    package init(limit: Int = 5, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Whole minutes to wait before `account` may try again from `address`, or nil.
    package func wait(account: String, address: String, now: Date = Date()) -> Int? {
        lock.withLock { waitLocked(account: account, address: address, now: now) }
    }

    /// Checks and counts in one step: nil, and the attempt is counted as a failure until
    /// `succeeded` takes it back; or the minutes to wait. Checking and counting apart let
    /// concurrent guesses all pass the check before any was counted.
    package func begin(account: String, address: String, now: Date = Date()) -> Int? {
        lock.withLock {
            if let minutes = waitLocked(account: account, address: address, now: now) { return minutes }
            // Made-up account names must not grow the table without end.
            if failures.count > 10_000 { failures = failures.filter { now.timeIntervalSince($0.value.last!) < window } }
            for key in [Self.key(account: account), Self.key(address: address)] { failures[key, default: []].append(now) }
            return nil
        }
    }

    /// A successful login: the account's failures are cleared, and the attempt `begin` counted
    /// against the address is taken back (the address keeps its earlier failures).
    package func succeeded(account: String, address: String, began: Date) {
        lock.withLock {
            failures.removeValue(forKey: Self.key(account: account))
            let key = Self.key(address: address)
            if let i = failures[key]?.lastIndex(of: began) { failures[key]!.remove(at: i) }
            if failures[key]?.isEmpty == true { failures[key] = nil }
        }
    }

    private func waitLocked(account: String, address: String, now: Date) -> Int? {
        let until = [Self.key(account: account), Self.key(address: address)].compactMap { key -> Date? in
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[key] = recent.isEmpty ? nil : recent
            return recent.count >= limit ? recent[recent.count - limit].addingTimeInterval(window) : nil
        }.max()
        return until.map { max(1, Int(($0.timeIntervalSince(now) / 60).rounded(.up))) }
    }

    private static func key(account: String) -> String { "account " + account.lowercased() }
    private static func key(address: String) -> String { "address " + address }
}
