import Foundation
import ZIPFoundation

/// Entries of a ZIP from outside (a workbook, ODK's download) are checked before they are
/// inflated: an entry that claims more compressed bytes than the file has made ZIPFoundation
/// wait for bytes that never come (found by the fuzz tests), and one that inflates past
/// `maxInflatedBytes` is a ZIP bomb, not a survey.
public enum ZipEntries {
    public static let maxInflatedBytes: UInt64 = 8 << 30

    /// Why `entry` of the archive at `path` must not be inflated, in Vietnamese; nil when it may.
    public static func problem(_ entry: Entry, archive path: String) -> String? {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value ?? 0
        if entry.compressedSize > size { return "\(entry.path) khai báo \(entry.compressedSize) byte nén, nhiều hơn cả tệp" }
        if entry.uncompressedSize > maxInflatedBytes { return "\(entry.path) giải nén ra hơn 8 GB" }
        return nil
    }
}
