import Foundation

/// Trims spaces and line breaks only when there are some: most cells have none, and
/// Foundation's trimming costs a bridged string every time.
@inline(__always)
package func trimmed(_ s: String) -> String {
    // The two end bytes from the string's own storage: `utf8.last` walks an index back (costly per cell).
    let ends = s.utf8.withContiguousStorageIfAvailable { b in b.isEmpty ? nil : (b[0], b[b.count - 1]) }
        ?? s.utf8.first.map { ($0, s.utf8.last!) }
    guard let (first, last) = ends else { return s }
    // ASCII spaces, or a no-break space (C2 A0) that Excel copies leave behind.
    func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0xC2 || b == 0xA0 }
    return isSpace(first) || isSpace(last) ? s.trimmingCharacters(in: .whitespacesAndNewlines) : s
}
