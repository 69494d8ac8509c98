import AskbookCore
import AskbookStore
import Logging

/// The library of `askbook mcp`: the database it opened, limited to `--space` when given (as a space-limited token
/// is). The index is reloaded when an import changes the database during the session.
public actor StoreLibrary: AskbookLibrary {
    public nonisolated let baseURL: String
    public nonisolated let composer: ComposerConfiguration
    private let store: Store
    private let limit: Set<String>?
    private let logger: Logger
    private var engine: AnswerEngine?
    private var revisions: [String: String]?

    /// - Parameters:
    ///   - spaces: the only spaces readable; every live space when `nil`.
    ///   - baseURL: base of links (a running server's public URL).
    public init(
        store: Store,
        spaces: Set<String>?,
        baseURL: String,
        composer: ComposerConfiguration = ComposerConfiguration(),
        logger: Logger
    ) {
        self.store = store
        self.limit = spaces
        self.baseURL = baseURL
        self.composer = composer
        self.logger = logger
    }

    public func engine(spaces requested: [String]?) async throws -> (engine: AnswerEngine, spaces: Set<String>)? {
        let current = try await store.currentRevisions()
        if engine == nil || current != revisions {
            engine = try await store.loadSnapshot(logger: logger).map { AnswerEngine(snapshot: $0) }
            revisions = current
        }
        let live = Set(engine?.snapshot.segments.map(\.spaceID) ?? [])
        let readable = live.filter { limit?.contains($0) ?? true }
        if let requested {
            if let missing = requested.first(where: { !readable.contains($0) }) { throw LibraryError.spaceNotFound(missing) }
        }
        guard let engine else { return nil }
        return (engine, requested.map { Set($0) } ?? readable)
    }

    public func readableSpaces() async throws -> [SpaceRecord] {
        try await store.spaces().filter { $0.revisionId != nil && (limit?.contains($0.id) ?? true) }
    }

    public func pages(space: String) async throws -> [PageRecord] {
        try await store.pages(spaceID: space)
    }

    public func page(space: String, reference: String) async throws -> StoredPage {
        guard limit?.contains(space) ?? true, let record = try await store.space(id: space), record.deletedAt == nil else {
            throw LibraryError.spaceNotFound(space)
        }
        guard let page = try await store.storedPage(spaceID: space, reference: reference) else {
            throw LibraryError.pageNotFound(space: space, reference: reference)
        }
        return page
    }

    public nonisolated func message(for error: any Error) -> String {
        switch error {
        case let error as LibraryError: error.description
        case let error as AskbookError: error.description
        default: "Internal error."
        }
    }
}
