import AskbookStore
import Logging
import ServiceLifecycle

/// Drains `InsightsLog` into the store in batches of at most `batchSize` entries, one transaction per batch; on
/// graceful shutdown it writes what is still queued, then stops.
///
/// After the first entry arrives it waits `flushInterval` before writing, so that a steady stream of asks becomes a
/// few transactions a second (each a WAL commit and sync) rather than one per ask.
///
/// A batch the store refuses is logged and counted (`failed`), not retried: the log must not grow without bound
/// behind a broken disk. Drops since the last batch are logged as a warning with their count.
struct InsightsWriter: Service {
    let log: InsightsLog
    let store: Store
    let batchSize: Int
    let flushInterval: Duration
    let logger: Logger

    func run() async throws {
        var reportedDrops = 0
        for await _ in log.arrivals.cancelOnGracefulShutdown() {
            // Cut short by a graceful shutdown, which then drains below.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: flushInterval) }
            await drain(reportedDrops: &reportedDrops)
        }
        await drain(reportedDrops: &reportedDrops)
    }

    private func drain(reportedDrops: inout Int) async {
        while true {
            let batch = log.take(upTo: batchSize)
            if batch.isEmpty { break }
            do {
                try await store.appendQueryLog(batch)
                log.settle(batch.count, written: true)
            } catch {
                log.settle(batch.count, written: false)
                logger.error("Query log batch not written", metadata: ["insights.entries": "\(batch.count)", "error": "\(error)"])
            }
        }
        let dropped = log.statistics.dropped
        if dropped > reportedDrops {
            logger.warning(
                "Query log entries dropped: the queue was full",
                metadata: ["insights.dropped": "\(dropped - reportedDrops)", "insights.droppedTotal": "\(dropped)"]
            )
            reportedDrops = dropped
        }
    }
}
