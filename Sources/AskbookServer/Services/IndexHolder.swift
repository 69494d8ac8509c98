import AskbookCore
import AskbookStore
import Logging

/// Holds the answering engine (the index snapshot with its analyzers and sentence cache) the server answers from, and
/// swaps in a new one, built once per snapshot, when the store's revisions change.
///
/// Requests take the current engine once and finish on it, so a swap never mixes revisions within a request.
/// Reloads run one after another: a reload asked for after a change (an import, a delete) always sees that change.
/// A failed reload keeps the previous snapshot serving; it and the spaces left out of the snapshot are logged and
/// reported by `health()`.
public actor IndexHolder {
    private let store: Store
    private let logger: Logger
    private var engine: AnswerEngine?
    private var loadedRevisions: [String: String]?
    private var tail: Task<Void, Never>?
    /// Live spaces left out of `snapshot` because their index data is damaged.
    private(set) var leftOut: [SnapshotLoad.LeftOutSpace] = []
    /// Why the last reload failed; `nil` when it succeeded.
    private(set) var reloadFailure: String?
    /// After a failed reload, the next retry of unchanged revisions waits until then; the wait doubles with each
    /// failure, from 1 s up to 60 s, so a load that fails late does not reread the database twice a second.
    private var retryAt = ContinuousClock.now
    private var retryDelay = Duration.seconds(1)

    public init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// The engine to answer from; `nil` before the first load, when no space has been imported, or when no load
    /// has succeeded.
    public func current() -> AnswerEngine? { engine }

    /// Whether the index can be served, in counts only.
    public func health() -> IndexHealth {
        let served = engine?.snapshot.segments.count ?? 0
        let status: IndexHealth.Status =
            if (engine == nil || served == 0) && (reloadFailure != nil || !leftOut.isEmpty) {
                .unavailable
            } else if reloadFailure != nil || !leftOut.isEmpty {
                .degraded
            } else {
                .ok
            }
        return IndexHealth(status: status, servedSpaces: served, unavailableSpaces: leftOut.count, reloadFailing: reloadFailure != nil)
    }

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
            guard force || revisions != loadedRevisions || (reloadFailure != nil && ContinuousClock.now >= retryAt) else { return }
            let load = try await store.loadSnapshotDetailed(logger: logger)
            engine = load.snapshot.map { AnswerEngine(snapshot: $0) }
            loadedRevisions = revisions
            if reloadFailure != nil { logger.notice("Index reload succeeded again") }
            reloadFailure = nil
            retryDelay = .seconds(1)
            if load.leftOut != leftOut, !load.leftOut.isEmpty {
                logger.error(
                    "Spaces left out of the index; their searches and asks answer 503 until they are re-imported",
                    metadata: ["index.unavailableSpaces": "\(load.leftOut.map(\.spaceID).joined(separator: ","))"]
                )
            }
            leftOut = load.leftOut
            logger.info(
                "Index snapshot swapped",
                metadata: ["index.rows": "\(load.snapshot?.index.rowCount ?? 0)", "index.spaces": "\(load.snapshot?.segments.count ?? 0)"]
            )
        } catch {
            let description = String(describing: error)
            // Logged when the failure starts or changes, not on every retry.
            if description != reloadFailure {
                logger.error(
                    engine == nil
                        ? "Index cannot be loaded; searches and asks answer 503" : "Index reload failed; still serving the previous snapshot",
                    metadata: ["error": "\(description)"]
                )
            }
            reloadFailure = description
            retryAt = ContinuousClock.now + retryDelay
            retryDelay = min(retryDelay * 2, .seconds(60))
        }
    }
}
