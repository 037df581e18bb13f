import KhaoSatCSV

/// An append-only array kept in chunks of 4 096 elements, each allocated whole. A plain array of
/// a million records briefly holds twice its size each time it grows, and keeps up to half of it
/// unused after; this one never copies what it holds and leaves at most one chunk unused.
/// (A chunk left to grow by itself can overshoot: its capacity rounded by malloc falls just
/// short of the chunk, and one more element doubles it.)
///
/// Past `residentBytes`, each chunk that fills is written to a `SpillFile` and let go when the
/// next one begins: what the quality checks read once a run's files are read need not stay in
/// memory while they are (docs/performance.md). Read spilled elements through a `Reader`, or by iterating, which load a
/// chunk at a time; the subscript reads one element from the file.
///
/// In this module, beside its users: from another module (even `@inlinable`) it stayed an
/// unspecialised generic that looked up its type metadata on every append (+47 % instructions
/// for a whole run, callgrind at 100 k).
package struct ChunkedArray<Element: BitwiseCopyable>: RandomAccessCollection {
    package typealias Indices = Range<Int>
    static var shift: Int { 12 }
    static var mask: Int { (1 << shift) - 1 }

    /// A spilled chunk is empty here; `spilledAt` has its offset in `file` (-1: resident).
    private var chunks: [[Element]] = []
    private var spilledAt: [Int] = []
    private let residentChunks: Int
    private var file: SpillFile?
    private var fileFailed = false
    package private(set) var count = 0

    /// `residentBytes` nil: every chunk stays in memory. `file`: one to share with other arrays
    /// (each appends at its end); without it, the array makes its own when it first spills.
    package init(residentBytes: Int? = nil, file: SpillFile? = nil) {
        residentChunks = residentBytes.map { $0 / ((1 << Self.shift) * MemoryLayout<Element>.stride) } ?? .max
        self.file = file
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { count }

    /// Whether any chunk is in the file. For tests.
    var hasSpilled: Bool { spilledAt.contains { $0 >= 0 } }

    package subscript(i: Int) -> Element {
        let k = i >> Self.shift, offset = spilledAt[k]
        guard offset >= 0 else { return chunks[k][i & Self.mask] }
        return withUnsafeTemporaryAllocation(of: Element.self, capacity: 1) { one in
            file!.read(into: UnsafeMutableRawBufferPointer(one), at: offset + (i & Self.mask) * MemoryLayout<Element>.stride)
            return one[0]
        }
    }

    /// The `k`-th chunk, read back from the file if it was spilled.
    func chunk(_ k: Int) -> [Element] {
        guard spilledAt[k] >= 0 else { return chunks[k] }
        return [Element](unsafeUninitializedCapacity: 1 << Self.shift) { buffer, n in
            file!.read(into: UnsafeMutableRawBufferPointer(buffer), at: spilledAt[k])
            n = 1 << Self.shift
        }
    }

    @inline(__always)
    package mutating func append(_ element: Element) {
        if count & Self.mask == 0 { startChunk() }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    package mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == Element {
        for e in elements { append(e) }
    }

    /// Out of `append`'s way: once a chunk in 4 096. The full one before goes to the file first,
    /// past the resident ones.
    @inline(never)
    private mutating func startChunk() {
        if chunks.count > residentChunks { spillLast() }
        var chunk: [Element] = []
        chunk.reserveCapacity(1 << Self.shift)
        chunks.append(chunk)
        spilledAt.append(-1)
    }

    private mutating func spillLast() {
        guard !fileFailed, let file = file ?? SpillFile() else { fileFailed = true; return }
        self.file = file
        let last = chunks.count - 1
        guard let offset = chunks[last].withUnsafeBytes({ file.append($0) }) else { return }  // kept in memory
        chunks[last] = []
        spilledAt[last] = offset
    }

    /// Chunk by chunk: each spilled one is read once.
    package struct Iterator: IteratorProtocol {
        let array: ChunkedArray
        var chunk: [Element] = []
        var position = 0

        package mutating func next() -> Element? {
            guard position < array.count else { return nil }
            if position & ChunkedArray.mask == 0 { chunk = array.chunk(position >> ChunkedArray.shift) }
            defer { position += 1 }
            return chunk[position & ChunkedArray.mask]
        }
    }

    package func makeIterator() -> Iterator { Iterator(array: self) }

    /// Random reads near one another (the quality checks go through the records almost in the
    /// order they came), keeping the last few chunks read. Not to be shared between threads.
    /// (Its state is never reached from elsewhere: no exclusivity checks on it.)
    package final class Reader {
        let array: ChunkedArray
        /// The chunk read last, and before it the few read before, most recent first.
        @exclusivity(unchecked) private var lastK = -1
        @exclusivity(unchecked) private var last: [Element] = []
        @exclusivity(unchecked) private var earlier: [(k: Int, chunk: [Element])] = []
        private static var holds: Int { 3 }

        init(_ array: ChunkedArray) { self.array = array }

        package subscript(i: Int) -> Element {
            let k = i >> ChunkedArray.shift
            if k != lastK { switchTo(k) }
            return last[i & ChunkedArray.mask]
        }

        @inline(never)
        private func switchTo(_ k: Int) {
            let chunk: [Element]
            if let at = earlier.firstIndex(where: { $0.k == k }) { chunk = earlier.remove(at: at).chunk } else { chunk = array.chunk(k) }
            if lastK >= 0 {
                earlier.insert((lastK, last), at: 0)
                if earlier.count > Self.holds { earlier.removeLast() }
            }
            (lastK, last) = (k, chunk)
        }
    }

    package func reader() -> Reader { Reader(self) }

    /// What the array promises, or nil: every chunk full but the last, none empty. For tests.
    package func brokenInvariant() -> String? {
        for (i, chunk) in chunks.enumerated() {
            let full = i < chunks.count - 1
            let held = spilledAt[i] >= 0 ? 1 << Self.shift : chunk.count
            if spilledAt[i] >= 0, !chunk.isEmpty { return "chunk \(i) both spilled and held" }
            if full ? held != 1 << Self.shift : held == 0 { return "chunk \(i) holds \(held)" }
        }
        let held = zip(chunks, spilledAt).reduce(0) { $0 + ($1.1 >= 0 ? 1 << Self.shift : $1.0.count) }
        return held == count ? nil : "count \(count)"
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}
