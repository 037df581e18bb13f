import KhaoSatConvert

/// Every submission id read so far, to tell a repeat (a duplicate row) from another submission
/// under the same id. Most ids are seen once: their first version takes 24 bytes beside its
/// 16-byte hash, and only ids seen again keep their later versions in full.
struct SeenIDs {
    typealias Version = (source: Source, digest: UInt64, edits: Int)

    private struct First {
        var digest: UInt64
        var file: Int32
        var line: Int32
        var edits: Int32
    }

    private var first = IDTable<First>(empty: First(digest: 0, file: -1, line: 0, edits: 0))
    private var later: [IDHash: [Version]] = [:]
    /// Name and sheet of each file, by the position `startFile` gave it.
    private var files: [(name: String, sheet: String?)] = []

    /// The position of the next file, which the versions read from it refer to.
    mutating func startFile(name: String, sheet: String?) -> Int32 {
        files.append((name, sheet))
        return Int32(files.count - 1)
    }

    /// Records the id; false when it was seen before. A repeat's version is kept only when
    /// `keepingVersions` (an id not settled yet).
    mutating func see(_ id: IDHash, _ s: Submission, digest: UInt64, file: Int32, keepingVersions: Bool) -> Bool {
        if first.insert(id, First(digest: digest, file: file, line: Int32(clamping: s.source.line), edits: Int32(clamping: s.edits))) {
            return true
        }
        if keepingVersions { later[id, default: []].append((s.source, digest, s.edits)) }
        return false
    }

    /// Forgets the ids first read from `file` (it broke halfway: none of its rows count).
    mutating func forget(file: Int32) {
        for id in first.removeAll(where: { $0.file == file }) { later.removeValue(forKey: id) }
    }

    /// The ids that came back with other answers or another edit count, with every version.
    func differing() -> [(id: IDHash, versions: [Version])] {
        later.compactMap { id, versions in
            let f = first[id]!
            guard versions.contains(where: { $0.digest != f.digest || $0.edits != Int(f.edits) }) else { return nil }
            let source = Source(file: files[Int(f.file)].name, line: Int(f.line), sheet: files[Int(f.file)].sheet)
            return (id, [(source, f.digest, Int(f.edits))] + versions)
        }
    }
}

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
