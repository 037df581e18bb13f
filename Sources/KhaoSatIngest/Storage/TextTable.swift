/// A small hash table from cell texts to values, for the parser's per-column memos: open
/// addressing with linear probing, indexed by FNV-1a of the text's bytes. A `Dictionary` hashes
/// every lookup with SipHash (≈ 340 instructions for a short cell, ~20 lookups a row); two equal
/// short strings compare here as two words. Doubles at half full; never removes.
struct TextTable<Value> {
    private var keys: [String?]
    private var values: [Value?]
    private(set) var count = 0

    init() {
        keys = Array(repeating: nil, count: 16)
        values = Array(repeating: nil, count: 16)
    }

    subscript(text: String) -> Value? {
        // Columns of free text remember nothing: no hashing for them.
        guard count > 0 else { return nil }
        var i = home(text)
        while let key = keys[i] {
            if key == text { return values[i] }
            i = (i + 1) & (keys.count - 1)
        }
        return nil
    }

    /// Adds the text with its value, unless it is there already.
    mutating func insert(_ text: String, _ value: Value) {
        if (count + 1) * 2 > keys.count { grow() }
        var i = home(text)
        while let key = keys[i] {
            if key == text { return }
            i = (i + 1) & (keys.count - 1)
        }
        keys[i] = text
        values[i] = value
        count += 1
    }

    private func home(_ text: String) -> Int {
        // FNV-1a (as `FNV1a`) over the string's own bytes, inline: a loop over `utf8`, or `FNV1a`
        // called from this module, costs more (callgrind, 20 k rows: +0.9 % for the whole run).
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        if hashed == nil { for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 } }
        // The high bits mixed in: FNV's low bits alone follow the last byte closely.
        return Int(truncatingIfNeeded: (h ^ (h >> 29)) & UInt64(keys.count - 1))
    }

    /// What the table promises, or nil: `count` texts, none twice, at most half full, each found
    /// from its home slot without crossing an empty one. For tests.
    func brokenInvariant() -> String? {
        let filled = keys.indices.filter { keys[$0] != nil }
        if filled.count != count { return "count \(count), \(filled.count) slots filled" }
        if Set(filled.map { keys[$0]! }).count != count { return "a text twice" }
        if count * 2 > keys.count { return "\(count) texts in \(keys.count) slots" }
        if keys.count & (keys.count - 1) != 0 { return "\(keys.count) slots: not a power of two" }
        for slot in filled {
            var i = home(keys[slot]!)
            while i != slot {
                if keys[i] == nil { return "slot \(slot) past an empty slot \(i)" }
                i = (i + 1) & (keys.count - 1)
            }
        }
        return nil
    }

    private mutating func grow() {
        let (oldKeys, oldValues) = (keys, values)
        keys = Array(repeating: nil, count: oldKeys.count * 2)
        values = Array(repeating: nil, count: oldKeys.count * 2)
        count = 0
        for i in oldKeys.indices { if let key = oldKeys[i] { insert(key, oldValues[i]!) } }
    }
}
