import KhaoSatConvert

/// A hash table from ids to values, for the millions of ids of a run: open addressing with linear
/// probing, indexed by the id's own hash bits (a `Dictionary` would hash them again with SipHash)
/// and grown by half (a `Dictionary` doubles: at a million ids it held two million buckets of
/// 40 bytes). The id (0, 0) marks an empty slot; `IDHash` never makes it.
///
/// The ids are spread over 16 shards that grow one at a time: growing copies one shard, so the
/// old and new copies held at once are a sixteenth of the table, not all of it (at a million
/// ids that moment was `validate`'s peak: 40 MB old beside 60 MB new).
struct IDTable<Value> {
    private static var shardBits: Int { 4 }
    private var shards: [Shard]

    init(empty: Value) {
        shards = Array(repeating: Shard(empty: empty), count: 1 << Self.shardBits)
    }

    var count: Int { shards.reduce(0) { $0 + $1.count } }

    subscript(id: IDHash) -> Value? {
        let z = Self.mixed(id)
        return shards[Self.shard(z)].find(id, z)
    }

    /// Adds the id with its value; false (and nothing changes) when it is there already.
    mutating func insert(_ id: IDHash, _ value: Value) -> Bool {
        let z = Self.mixed(id)
        return shards[Self.shard(z)].insert(id, z, value)
    }

    /// Removes the entries whose value matches; returns their ids.
    mutating func removeAll(where matches: (Value) -> Bool) -> [IDHash] {
        shards.indices.flatMap { shards[$0].removeAll(where: matches) }
    }

    /// What the table promises, or nil: in each shard, its ids, none twice, none (0, 0), at most
    /// 4/5 full, each found from its home slot without crossing an empty one. For tests.
    func brokenInvariant() -> String? {
        for (i, shard) in shards.enumerated() {
            if let broken = shard.brokenInvariant(number: i) { return "shard \(i): \(broken)" }
        }
        return nil
    }

    /// Both halves mixed (SplitMix64's finaliser: FNV's words alone cluster on ids that differ
    /// in their last characters). Its low bits choose the shard, its high bits the home slot.
    @inline(__always)
    private static func mixed(_ id: IDHash) -> UInt64 {
        var z = id.high ^ id.low
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    private static func shard(_ z: UInt64) -> Int { Int(truncatingIfNeeded: z) & ((1 << shardBits) - 1) }

    private struct Shard {
        private var keys: [IDHash]
        private var values: [Value]
        private(set) var count = 0
        private let empty: Value

        init(empty: Value) {
            self.empty = empty
            keys = Array(repeating: IDHash(high: 0, low: 0), count: 256)
            values = Array(repeating: empty, count: 256)
        }

        func find(_ id: IDHash, _ z: UInt64) -> Value? {
            var i = home(z)
            while !keys[i].isEmpty {
                if keys[i] == id { return values[i] }
                i = i + 1 == keys.count ? 0 : i + 1
            }
            return nil
        }

        mutating func insert(_ id: IDHash, _ z: UInt64, _ value: Value) -> Bool {
            if (count + 1) * 5 > keys.count * 4 { rebuild(capacity: keys.count + keys.count / 2) { _ in false } }
            var i = home(z)
            while !keys[i].isEmpty {
                if keys[i] == id { return false }
                i = i + 1 == keys.count ? 0 : i + 1
            }
            keys[i] = id
            values[i] = value
            count += 1
            return true
        }

        mutating func removeAll(where matches: (Value) -> Bool) -> [IDHash] {
            let removed = keys.indices.filter { !keys[$0].isEmpty && matches(values[$0]) }.map { keys[$0] }
            guard !removed.isEmpty else { return [] }
            rebuild(capacity: keys.count) { matches($0) }
            return removed
        }

        /// The slot an id starts probing from: its mixed bits scaled to the capacity.
        private func home(_ z: UInt64) -> Int {
            Int(truncatingIfNeeded: z.multipliedFullWidth(by: UInt64(keys.count)).high)
        }

        func brokenInvariant(number: Int) -> String? {
            let filled = keys.indices.filter { !keys[$0].isEmpty }
            if filled.count != count { return "count \(count), \(filled.count) slots filled" }
            if Set(filled.map { keys[$0] }).count != count { return "an id twice" }
            if count * 5 > keys.count * 4 { return "\(count) ids in \(keys.count) slots" }
            for slot in filled {
                let z = IDTable.mixed(keys[slot])
                if IDTable.shard(z) != number { return "slot \(slot) holds another shard's id" }
                var i = home(z)
                while i != slot {
                    if keys[i].isEmpty { return "slot \(slot) past an empty slot \(i)" }
                    i = i + 1 == keys.count ? 0 : i + 1
                }
            }
            return nil
        }

        private mutating func rebuild(capacity: Int, dropping drops: (Value) -> Bool) {
            let (oldKeys, oldValues) = (keys, values)
            keys = Array(repeating: IDHash(high: 0, low: 0), count: capacity)
            values = Array(repeating: empty, count: capacity)
            count = 0
            for i in oldKeys.indices where !oldKeys[i].isEmpty && !drops(oldValues[i]) {
                _ = insert(oldKeys[i], IDTable.mixed(oldKeys[i]), oldValues[i])
            }
        }
    }
}
