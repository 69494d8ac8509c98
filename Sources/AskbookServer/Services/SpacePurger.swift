import AskbookStore
import Foundation
import Logging
import ServiceLifecycle

/// Purges spaces soft-deleted longer ago than the retention period, with all their rows, every `interval`.
struct SpacePurger: Service {
    let store: Store
    let retention: Duration
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let cutoff = Date().addingTimeInterval(-Double(retention.components.seconds))
                let purged = try await store.purgeSpaces(deletedBefore: cutoff)
                if !purged.isEmpty { logger.info("Purged deleted spaces", metadata: ["spaces": "\(purged.joined(separator: ","))"]) }
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
