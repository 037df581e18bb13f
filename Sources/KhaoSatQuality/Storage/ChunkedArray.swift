/// An append-only array kept in chunks of 4 096 elements, each allocated whole. A plain array of
/// a million records briefly holds twice its size each time it grows, and keeps up to half of it
/// unused after; this one never copies what it holds and leaves at most one chunk unused.
/// (A chunk left to grow by itself can overshoot: its capacity rounded by malloc falls just
/// short of the chunk, and one more element doubles it.)
///
/// In this module, beside its users: from another module (even `@inlinable`) it stayed an
/// unspecialised generic that looked up its type metadata on every append (+47 % instructions
/// for a whole run, callgrind at 100 k).
package struct ChunkedArray<Element>: RandomAccessCollection {
    package typealias Indices = Range<Int>
    private static var shift: Int { 12 }
    private static var mask: Int { (1 << shift) - 1 }

    private var chunks: [[Element]] = []
    package private(set) var count = 0

    package init() {}

    package var startIndex: Int { 0 }
    package var endIndex: Int { count }

    package subscript(i: Int) -> Element { chunks[i >> Self.shift][i & Self.mask] }

    package mutating func append(_ element: Element) {
        if count & Self.mask == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(1 << Self.shift)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    package mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == Element {
        for e in elements { append(e) }
    }

    /// What the array promises, or nil: every chunk full but the last, none empty. For tests.
    package func brokenInvariant() -> String? {
        for (i, chunk) in chunks.enumerated() {
            let full = i < chunks.count - 1
            if full ? chunk.count != 1 << Self.shift : chunk.isEmpty { return "chunk \(i) holds \(chunk.count)" }
        }
        return chunks.reduce(0) { $0 + $1.count } == count ? nil : "count \(count)"
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}
