import Foundation

/// Unpacks a large part on a second thread while the caller scans what is already unpacked:
/// inflating is a fifth of reading a big sheet, and it need not wait for the scanning.
/// The second thread reads the file through its own handle and stays at most `capacity` chunks
/// ahead, so memory stays flat.
enum UnpackAhead {
    /// Parts smaller than this are unpacked on the caller's thread: a thread costs more.
    static let threshold: UInt64 = 4 << 20

    /// Calls `body` with each chunk of `part`, in order. An error of `body` stops the unpacking
    /// and comes back as it is; an error of the unpacking comes back from this call.
    static func chunks(of entry: ZipArchive.Entry, in archive: ZipArchive, _ body: (Data) throws -> Void) throws {
        let channel = ChunkChannel(capacity: 8)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do {
                try archive.extract(entry) { try channel.put($0) }
                channel.finish(nil)
            } catch {
                channel.finish(error)
            }
            done.signal()
        }
        thread.start()
        defer {
            channel.cancel()
            done.wait()
        }
        while let chunk = try channel.take() { try body(chunk) }
    }
}

/// A bounded queue of chunks between the unpacking thread and the reading one.
private final class ChunkChannel: @unchecked Sendable {
    struct Cancelled: Error {}

    private let condition = NSCondition()
    private let capacity: Int
    private var chunks: [Data] = []
    private var head = 0
    private var finished = false
    private var failure: Error?
    private var cancelled = false

    init(capacity: Int) { self.capacity = capacity }

    /// Waits while the reader is `capacity` chunks behind; throws once the reader has stopped.
    func put(_ chunk: Data) throws {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count - head >= capacity, !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        chunks.append(chunk)
        condition.broadcast()
    }

    func finish(_ error: Error?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk; nil after the last one; the unpacking's error when it failed.
    func take() throws -> Data? {
        condition.lock()
        defer { condition.unlock() }
        while head == chunks.count, !finished { condition.wait() }
        if head < chunks.count {
            let chunk = chunks[head]
            head += 1
            if head > 64 {
                chunks.removeFirst(head)
                head = 0
            }
            condition.broadcast()
            return chunk
        }
        if let failure { throw failure }
        return nil
    }
}
