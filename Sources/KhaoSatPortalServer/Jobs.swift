import Foundation
import Hummingbird
import KhaoSatPortal
import NIOConcurrencyHelpers

/// Uploads being checked and conversions running, for the page that shows their progress and
/// refreshes itself (the pages have no script). In memory: a restart loses a job in flight, and
/// its page says so (the upload was never recorded, the conversion never finished).
final class Jobs: Sendable {
    enum State: Sendable, Equatable {
        case running(rows: Int)
        /// Where the result is: the upload's or the run's page.
        case done(String)
        case failed(String)
    }

    struct Job: Sendable {
        var owner: Int64
        var title: String
        var started: Date
        var state: State
        var finished: Date?
    }

    private let jobs = NIOLockedValueBox<[String: Job]>([:])
    /// How long a finished job's page still answers (then: its result's page is in the lists).
    static let kept: TimeInterval = 3600

    func start(owner: Int64, title: String, now: Date = Date()) -> String {
        let id = UUID().uuidString.lowercased()
        jobs.withLockedValue { all in
            all = all.filter { $0.value.finished.map { now.timeIntervalSince($0) < Self.kept } ?? true }
            all[id] = Job(owner: owner, title: title, started: now, state: .running(rows: 0))
        }
        return id
    }

    func progress(_ id: String, rows: Int) {
        jobs.withLockedValue { if case .running = $0[id]?.state { $0[id]!.state = .running(rows: rows) } }
    }

    func finish(_ id: String, _ state: State, now: Date = Date()) {
        jobs.withLockedValue {
            $0[id]?.state = state
            $0[id]?.finished = now
        }
    }

    /// The job, for its owner only.
    func job(_ id: String, owner: Int64) -> Job? {
        jobs.withLockedValue { $0[id] }.flatMap { $0.owner == owner ? $0 : nil }
    }

    /// Runs `body` on the heavy pool in the background; its result decides the job's end.
    func run(_ id: String, _ body: @escaping @Sendable (_ progress: @escaping @Sendable (Int) -> Void) throws -> String) {
        Task.detached { [self] in
            do {
                let path = try await work(heavy: true) { try body { rows in self.progress(id, rows: rows) } }
                finish(id, .done(path))
            } catch let e as HTTPError {
                finish(id, .failed(e.body ?? "Lỗi \(e.status.code)."))
            } catch {
                finish(id, .failed("Lỗi máy chủ: \(error)"))
            }
        }
    }
}
