import Dispatch
import KhaoSatConvert

/// A file's sink, fed on a thread of its own in the order submissions were accepted, while the
/// reading thread goes on: the sink ends up as if each submission had been added in turn.
/// At most `limit` batches wait, so a slow sink holds the reader back instead of memory growing.
/// Inline (`concurrent` false), each batch is added on the calling thread.
final class SinkLane<Sink: SubmissionSink>: @unchecked Sendable {
    // Touched by the lane's queue only, until `finish` has waited for it.
    private var sink: Sink
    private let concurrent: Bool
    private let queue = DispatchQueue(label: "khaosat.sink")
    private let room: DispatchSemaphore

    init(_ sink: Sink, concurrent: Bool, limit: Int = 8) {
        self.sink = sink
        self.concurrent = concurrent
        room = DispatchSemaphore(value: limit)
    }

    func add(_ batch: [Submission]) {
        guard concurrent else { return batch.forEach { sink.add($0) } }
        room.wait()
        queue.async {
            for s in batch { self.sink.add(s) }
            self.room.signal()
        }
    }

    /// The sink, once every batch is in.
    func finish() -> Sink {
        queue.sync {}
        return sink
    }
}
