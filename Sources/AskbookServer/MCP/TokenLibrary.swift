import AskbookCore
import AskbookMCP
import AskbookStore
import HTTPTypes

/// The MCP tools' library for one bearer token: the spaces it may read (its organization's, only those listed when
/// it is space-limited), the server's index, and the API's error messages.
struct TokenLibrary: AskbookLibrary {
    let token: TokenRecord
    let holder: IndexHolder
    let store: Store
    let baseURL: String
    let composer: ComposerConfiguration

    func engine(spaces requested: [String]?) async throws -> (engine: AnswerEngine, spaces: Set<String>)? {
        _ = try tokenCanRead()
        guard let requested else { return try await holder.engine(for: token, in: .all) }
        // Each named space as its own route resolves it: unknown and unreadable are the same 404.
        for id in requested { _ = try await holder.engine(for: token, in: .space(id)) }
        guard case let (engine, _)? = try await holder.engine(for: token, in: .all) else { return nil }
        return (engine, Set(requested))
    }

    func readableSpaces() async throws -> [SpaceRecord] {
        _ = try tokenCanRead()
        return try await store.spaces().filter { $0.revisionId != nil && token.canRead($0) }
    }

    func pages(space: String) async throws -> [PageRecord] {
        try await store.pages(spaceID: space)
    }

    func page(space: String, reference: String) async throws -> StoredPage {
        _ = try tokenCanRead()
        guard let record = try await store.space(id: space), record.deletedAt == nil, token.canRead(record) else {
            throw APIError(.notFound, message: LibraryError.spaceNotFound(space).description)
        }
        guard let page = try await store.storedPage(spaceID: space, reference: reference) else {
            throw APIError(.notFound, message: LibraryError.pageNotFound(space: space, reference: reference).description)
        }
        return page
    }

    func message(for error: any Error) -> String {
        APIError.from(error).message
    }

    /// Every role may read; kept as the one place that says so, as the routes' `requireToken(role: .read, …)`.
    private func tokenCanRead() throws -> TokenRecord {
        guard token.role >= .read else {
            throw APIError(.forbidden, message: "This token's role is '\(token.role.rawValue)'; reading needs 'read' or higher.")
        }
        return token
    }
}
