import KhaoSatConvert

/// Every submission id read so far, to tell a repeat (a duplicate row) from another submission
/// under the same id. Most ids are seen once: their first version takes 16 bytes beside its
/// 16-byte hash, and only ids seen again keep their later versions in full.
struct SeenIDs {
    typealias Version = (source: Source, digest: UInt64, edits: Int)

    private struct First {
        var digest: UInt64
        var file: Int32
        var line: Int32
    }

    private var first = IDTable<First>(empty: First(digest: 0, file: -1, line: 0))
    /// A first version's ODK edit count, when not 0: few are edited, and 4 more bytes in every
    /// slot of `first` made it 8 (alignment) — 12 MB at a million ids.
    private var firstEdits: [IDHash: Int] = [:]
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
        if first.insert(id, First(digest: digest, file: file, line: Int32(clamping: s.source.line))) {
            if s.edits != 0 { firstEdits[id] = s.edits }
            return true
        }
        if keepingVersions { later[id, default: []].append((s.source, digest, s.edits)) }
        return false
    }

    /// Forgets the ids first read from `file` (it broke halfway: none of its rows count).
    mutating func forget(file: Int32) {
        for id in first.removeAll(where: { $0.file == file }) {
            later.removeValue(forKey: id)
            firstEdits.removeValue(forKey: id)
        }
    }

    /// The ids that came back with other answers or another edit count, with every version.
    func differing() -> [(id: IDHash, versions: [Version])] {
        later.compactMap { id, versions in
            let f = first[id]!
            let edits = firstEdits[id] ?? 0
            guard versions.contains(where: { $0.digest != f.digest || $0.edits != edits }) else { return nil }
            let source = Source(file: files[Int(f.file)].name, line: Int(f.line), sheet: files[Int(f.file)].sheet)
            return (id, [(source, f.digest, edits)] + versions)
        }
    }
}
