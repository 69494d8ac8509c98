import AskbookStore
import Synchronization

/// The bounded queue between the request handlers, which record query-log entries, and `InsightsWriter`, which
/// drains it into the store in batches: a request never waits for a write.
///
/// At most `capacity` entries wait; an entry recorded while the queue is full is dropped and counted, never the
/// request. The batch the writer is writing is out of the queue, so memory holds at most `capacity` + one batch.
/// A lock rather than an actor: recording must not suspend the request, and the critical sections are a few
/// instructions.
public final class InsightsLog: Sendable {
    /// Counts of what the queue did since the server started, as `GET /health` reports them.
    public struct Statistics: Sendable, Hashable, Codable {
        /// Entries waiting to be written.
        public var queued: Int
        /// Entries dropped because the queue was full.
        public var dropped: Int
        /// Entries written to the store.
        public var written: Int
        /// Entries lost because the store refused their batch.
        public var failed: Int
    }

    private struct State {
        var entries: [QueryLogEntry] = []
        var statistics = Statistics(queued: 0, dropped: 0, written: 0, failed: 0)
    }

    public let capacity: Int
    /// Whether to record callers' addresses.
    let recordsClientAddress: Bool
    private let state = Mutex(State())
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// A queue of at most `capacity` (at least 1) entries.
    public init(capacity: Int, recordsClientAddress: Bool = false) {
        self.capacity = max(1, capacity)
        self.recordsClientAddress = recordsClientAddress
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues `entry`, or drops and counts it when the queue is full. Never waits.
    public func record(_ entry: QueryLogEntry) {
        let queued = state.withLock { state in
            guard state.entries.count < capacity else {
                state.statistics.dropped += 1
                return false
            }
            state.entries.append(entry)
            return true
        }
        if queued { wake.yield() }
    }

    /// What the queue did so far.
    public var statistics: Statistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.queued = state.entries.count
            return statistics
        }
    }

    /// Takes up to `limit` of the oldest waiting entries out of the queue.
    func take(upTo limit: Int) -> [QueryLogEntry] {
        state.withLock { state in
            let batch = Array(state.entries.prefix(limit))
            state.entries.removeFirst(batch.count)
            return batch
        }
    }

    /// Counts a batch taken by `take(upTo:)` as written, or as failed.
    func settle(_ count: Int, written: Bool) {
        state.withLock { state in
            if written { state.statistics.written += count } else { state.statistics.failed += count }
        }
    }

    /// Wakes up once after every `record` that queued an entry (wake-ups while the writer is busy collapse into one).
    var arrivals: AsyncStream<Void> { wakeups }

    /// Ends `arrivals`, so the writer drains what is left and stops.
    func finish() { wake.finish() }
}
