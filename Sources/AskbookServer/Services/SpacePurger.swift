import AskbookStore
import Foundation
import Logging
import ServiceLifecycle

/// Purges spaces soft-deleted longer ago than the retention period, with all their rows, and insights (query log,
/// feedback, events) older than their retention, every `interval`.
struct SpacePurger: Service {
    let store: Store
    let retention: Duration
    let insightsRetention: Duration
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let cutoff = Date().addingTimeInterval(-Double(retention.components.seconds))
                let purged = try await store.purgeSpaces(deletedBefore: cutoff)
                if !purged.isEmpty { logger.info("Purged deleted spaces", metadata: ["spaces": "\(purged.joined(separator: ","))"]) }
                let insightsCutoff = Date().addingTimeInterval(-Double(insightsRetention.components.seconds))
                let removed = try await store.purgeInsights(before: insightsCutoff)
                if removed > 0 { logger.info("Purged old insights", metadata: ["insights.rows": "\(removed)"]) }
            } catch {
                logger.error("Purge failed", metadata: ["error": "\(error)"])
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }
}
