import Logging
import ServiceLifecycle

/// Checks the store for new revisions every `interval` and swaps the index in, so an import made by another process
/// is served within about one interval, without a restart.
struct SnapshotReloader: Service {
    let holder: IndexHolder
    let interval: Duration

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await holder.refresh()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }
}
