import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An append-only temporary file for what a run no longer needs at hand (the quality records,
/// the submissions waiting for their respondent's latest, the raw rows set aside), written once
/// and read back by offset. Unlinked as soon as it is made (only this process can reach it, and
/// nothing is left behind if it stops), readable by its owner only. What goes in is what the run
/// would hold in memory: a raw row as its file has it (personal values are masked when
/// quarantine.csv is written), a waiting submission's consenting contact (docs/officers.md,
/// "Dữ liệu cá nhân").
package final class SpillFile: @unchecked Sendable {
    private let fd: Int32
    /// Guards `end`: the copies of a `ChunkedArray` share the file and each appends at its end.
    private let lock = NSLock()
    private var end = 0

    /// In `TMPDIR`, else /var/tmp (on disk, where /tmp may be memory), else /tmp; nil when none
    /// takes a file: the caller keeps its chunks in memory.
    package init?() {
        let environment = ProcessInfo.processInfo.environment["TMPDIR"].map { [$0] } ?? []
        for directory in environment + ["/var/tmp", "/tmp"] {
            var template = Array("\(directory)/khaosat-spill-XXXXXX".utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { continue }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            self.fd = fd
            return
        }
        return nil
    }

    deinit { close(fd) }

    /// Where `bytes` now start in the file, or nil when they could not all be written (a full disk).
    package func append(_ bytes: UnsafeRawBufferPointer) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(end + done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        let start = end
        end += bytes.count
        return start
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n < 0, errno == EINTR { continue }
            // What was written is there until the file is closed: only a failing disk gets here.
            precondition(n > 0, "không đọc lại được tệp tạm của lần chạy (lỗi \(errno)): ổ đĩa có vấn đề")
            done += n
        }
    }
}
