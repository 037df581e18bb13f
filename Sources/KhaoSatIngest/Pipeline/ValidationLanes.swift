import Dispatch
import KhaoSatCSV

/// Validates a file's records on other threads while the reading thread parses the next ones,
/// and hands the outcomes back in the records' order: the run is the same, byte for byte, as
/// one that validates each record as it is read.
///
/// Records go in batches to a ring of `lanes` slots, each with its own copy of the validator
/// (its memos are not shared). A slot is taken back, and its outcomes delivered, before it is
/// filled again, so at most `lanes × batchSize` records are held. With no lanes, each record
/// is validated and delivered as it comes, on the reading thread.
struct ValidationLanes {
    typealias Delivery = (RowValidator.Read) -> Void

    private final class Slot: @unchecked Sendable {
        // Written by the reading thread before `async`, by the worker before `done.signal()`,
        // read by the reading thread after `done.wait()`: never at the same time.
        let validator: RowValidator
        var records: [CSVRecord] = []
        var reads: [RowValidator.Read] = []
        var pending = false
        let done = DispatchSemaphore(value: 0)

        init(_ validator: RowValidator) { self.validator = validator }

        /// The records are let go here, on the worker, so the reading thread does not free them.
        func run() {
            reads = records.map(validator.read)
            records.removeAll(keepingCapacity: true)
        }
    }

    private let slots: [Slot]
    private let inline: Bool
    private let batchSize: Int
    private let deliver: Delivery
    /// The slot being filled; those after it, round the ring, are in flight or idle.
    private var current = 0
    private let queue = DispatchQueue(label: "khaosat.validation", attributes: .concurrent)

    init(validator: RowValidator, lanes: Int, batchSize: Int, deliver: @escaping Delivery) {
        slots = (0..<max(1, lanes)).map { Slot($0 == 0 ? validator : validator.copy()) }
        inline = lanes == 0
        self.batchSize = batchSize
        self.deliver = deliver
    }

    mutating func add(_ record: CSVRecord) {
        let slot = slots[current]
        if inline {
            deliver(slot.validator.read(record))
            return
        }
        slot.records.append(record)
        guard slot.records.count >= batchSize else { return }
        send(slot)
        current = (current + 1) % slots.count
        take(slots[current])
    }

    /// Validates what is left and delivers every outcome still due.
    mutating func finish() {
        let last = slots[current]
        if !last.records.isEmpty { send(last) }
        for i in 1...slots.count { take(slots[(current + i) % slots.count]) }
    }

    /// Waits for the slots in flight without delivering: the file broke off and is dropped.
    func abandon() {
        for slot in slots where slot.pending {
            slot.done.wait()
            slot.pending = false
        }
    }

    private func send(_ slot: Slot) {
        slot.pending = true
        queue.async {
            slot.run()
            slot.done.signal()
        }
    }

    /// The slot's outcomes, delivered once it is done; then it is empty for the next batch.
    private func take(_ slot: Slot) {
        guard slot.pending else { return }
        slot.done.wait()
        slot.pending = false
        for read in slot.reads { deliver(read) }
        slot.reads = []
    }
}
