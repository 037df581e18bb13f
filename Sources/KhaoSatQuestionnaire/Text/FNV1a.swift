/// 64-bit FNV-1a, for digests that must come out the same in every process and on every
/// machine (Swift's `Hasher` is seeded per process): ids of rows without one, answer digests,
/// the back-check sample's strata.
package struct FNV1a: Sendable {
    package private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    package init() {}

    package init(_ text: String) { mix(text) }

    @inline(__always)
    package mutating func mix(byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }

    package mutating func mix(_ text: String) { for b in text.utf8 { mix(byte: b) } }

    /// The text, then a byte that ends it: "ab" + "c" and "a" + "bc" differ.
    package mutating func mix(_ text: String, tag: UInt8) {
        mix(text)
        mix(byte: tag)
    }
}
