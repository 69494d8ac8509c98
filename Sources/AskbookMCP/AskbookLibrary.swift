import AskbookCore
import AskbookStore

/// What the MCP tools read, as one client may see it: the spaces it may read, the engine to answer from, the pages
/// they hold, and how errors are worded. The server builds one per request from the bearer token
/// (`AskbookServer.TokenLibrary`); `askbook mcp` builds one over the database (`StoreLibrary`).
public protocol AskbookLibrary: Sendable {
    /// Base of the links in results (`baseURL/s/space/path#anchor`, `baseURL/v1/spaces/space/path.md`).
    var baseURL: String { get }
    /// The answer composer's thresholds.
    var composer: ComposerConfiguration { get }

    /// The engine to answer from and the spaces among `requested` (every readable space when `nil`) the client may
    /// read; `nil` when nothing is imported.
    ///
    /// - Throws: for a requested space the client may not read, the same not-found error as the HTTP API's
    ///   (`Space 'x' not found.`); 503-like errors when the index cannot be loaded.
    func engine(spaces requested: [String]?) async throws -> (engine: AnswerEngine, spaces: Set<String>)?

    /// The live spaces the client may read, by id.
    func readableSpaces() async throws -> [SpaceRecord]

    /// The pages of readable space `space`'s current revision, in `SUMMARY.md` order.
    func pages(space: String) async throws -> [PageRecord]

    /// The page of readable space `space` whose path or id is `reference`.
    ///
    /// - Throws: `LibraryError.spaceNotFound` or `.pageNotFound` (or the front's own error with the same words).
    func page(space: String, reference: String) async throws -> StoredPage

    /// The message of `error` as the HTTP API words it in its error body.
    func message(for error: any Error) -> String
}

/// The errors of a library lookup and of tool arguments, worded as the HTTP API's error messages.
public enum LibraryError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The space is unknown, deleted, or not readable by the client (the same words, so ids cannot be probed).
    case spaceNotFound(String)
    /// No page of the space has this path or id.
    case pageNotFound(space: String, reference: String)
    /// A tool argument is missing or of the wrong type.
    case invalidArgument(String)
    /// The tool does not exist.
    case unknownTool(String)

    public var description: String {
        switch self {
        case .spaceNotFound(let id): "Space '\(id)' not found."
        case .pageNotFound(let space, let reference): "Page '\(reference)' not found in space '\(space)'."
        case .invalidArgument(let message): message
        case .unknownTool(let name): "Unknown tool '\(name)'; the tools are search, ask, get_page and list_spaces."
        }
    }
}
