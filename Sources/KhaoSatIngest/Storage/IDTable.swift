import KhaoSatConvert

/// A hash table from ids to values, for the millions of ids of a run: open addressing with linear
/// probing, indexed by the id's own hash bits (a `Dictionary` would hash them again with SipHash)
/// and grown by half (a `Dictionary` doubles: at a million ids it held two million buckets of
/// 40 bytes). The id (0, 0) marks an empty slot; `IDHash` never makes it.
struct IDTable<Value> {
    private var keys: [IDHash]
    private var values: [Value]
    private(set) var count = 0
    private let empty: Value

    init(empty: Value) {
        self.empty = empty
        keys = Array(repeating: IDHash(high: 0, low: 0), count: 1024)
        values = Array(repeating: empty, count: 1024)
    }

    subscript(id: IDHash) -> Value? {
        var i = home(id)
        while !keys[i].isEmpty {
            if keys[i] == id { return values[i] }
            i = i + 1 == keys.count ? 0 : i + 1
        }
        return nil
    }

    /// Adds the id with its value; false (and nothing changes) when it is there already.
    mutating func insert(_ id: IDHash, _ value: Value) -> Bool {
        if (count + 1) * 5 > keys.count * 4 { grow() }
        var i = home(id)
        while !keys[i].isEmpty {
            if keys[i] == id { return false }
            i = i + 1 == keys.count ? 0 : i + 1
        }
        keys[i] = id
        values[i] = value
        count += 1
        return true
    }

    /// Removes the entries whose value matches; returns their ids.
    mutating func removeAll(where matches: (Value) -> Bool) -> [IDHash] {
        let removed = keys.indices.filter { !keys[$0].isEmpty && matches(values[$0]) }.map { keys[$0] }
        guard !removed.isEmpty else { return [] }
        rebuild(capacity: keys.count) { matches($0) }
        return removed
    }

    /// The slot an id starts probing from: both halves mixed (SplitMix64's finaliser: FNV's
    /// words alone cluster on ids that differ in their last characters), scaled to the capacity.
    private func home(_ id: IDHash) -> Int {
        var z = id.high ^ id.low
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(truncatingIfNeeded: z.multipliedFullWidth(by: UInt64(keys.count)).high)
    }

    /// What the table promises, or nil: `count` ids, none twice, none (0, 0), at most 4/5 full,
    /// and each found from its home slot without crossing an empty one. For tests.
    func brokenInvariant() -> String? {
        let filled = keys.indices.filter { !keys[$0].isEmpty }
        if filled.count != count { return "count \(count), \(filled.count) slots filled" }
        if Set(filled.map { keys[$0] }).count != count { return "an id twice" }
        if count * 5 > keys.count * 4 { return "\(count) ids in \(keys.count) slots" }
        for slot in filled {
            var i = home(keys[slot])
            while i != slot {
                if keys[i].isEmpty { return "slot \(slot) past an empty slot \(i)" }
                i = i + 1 == keys.count ? 0 : i + 1
            }
        }
        return nil
    }

    private mutating func grow() {
        rebuild(capacity: keys.count + keys.count / 2) { _ in false }
    }

    private mutating func rebuild(capacity: Int, dropping drops: (Value) -> Bool) {
        let (oldKeys, oldValues) = (keys, values)
        keys = Array(repeating: IDHash(high: 0, low: 0), count: capacity)
        values = Array(repeating: empty, count: capacity)
        count = 0
        for i in oldKeys.indices where !oldKeys[i].isEmpty && !drops(oldValues[i]) { _ = insert(oldKeys[i], oldValues[i]) }
    }
}
