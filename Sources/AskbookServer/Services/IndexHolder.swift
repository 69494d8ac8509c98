import AskbookCore
import AskbookStore
import Logging

/// Holds the index snapshot the server answers from, and swaps in a new one when the store's revisions change.
///
/// Requests take the current snapshot once and finish on it, so a swap never mixes revisions within a request.
/// Reloads run one after another: a reload asked for after a change (an import, a delete) always sees that change.
public actor IndexHolder {
    private let store: Store
    private let logger: Logger
    private var snapshot: IndexSnapshot?
    private var loadedRevisions: [String: String]?
    private var tail: Task<Void, Never>?

    public init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// The snapshot to answer from; `nil` before the first load or when no space has been imported.
    public func current() -> IndexSnapshot? { snapshot }

    /// Reloads the snapshot if the store's current revisions differ from the loaded ones (or always, with `force`,
    /// e.g. after a space's title changed), after any reload already under way.
    public func refresh(force: Bool = false) async {
        let previous = tail
        let task = Task {
            await previous?.value
            await self.reload(force: force)
        }
        tail = task
        await task.value
    }

    private func reload(force: Bool) async {
        do {
            let revisions = try await store.currentRevisions()
            guard force || revisions != loadedRevisions else { return }
            let next = try await store.loadSnapshot(logger: logger)
            snapshot = next
            loadedRevisions = revisions
            logger.info("Index snapshot swapped", metadata: ["index.rows": "\(next?.index.rowCount ?? 0)", "index.spaces": "\(revisions.count)"])
        } catch {
            logger.error("Index reload failed; still serving the previous snapshot", metadata: ["error": "\(error)"])
        }
    }
}
