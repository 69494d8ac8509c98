/// An error from Askbook's core: bad input, an unusable source folder, or a missing index.
///
/// A struct around a private enum (Hummingbird's `PersistError` pattern), so cases can be added without breaking callers.
/// Equatable so tests can write `#expect(throws: AskbookError.emptyQuery)`.
public struct AskbookError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: Equatable, Sendable {
        case emptyQuery
        case queryTooLong(Int)
        case noPages(String)
        case unreadableSource(String)
        case invalidModel(String)
        case emptyIndex
        case unknownSpace(String)
        case invalidArgument(String)
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    /// The question or query is empty or only whitespace.
    public static let emptyQuery = AskbookError(.emptyQuery)
    /// The index holds no chunks for the spaces asked about.
    public static let emptyIndex = AskbookError(.emptyIndex)
    /// The query is longer than `limit` characters.
    public static func queryTooLong(limit: Int) -> AskbookError { AskbookError(.queryTooLong(limit)) }
    /// An import produced no pages; nothing was written.
    public static func noPages(_ path: String) -> AskbookError { AskbookError(.noPages(path)) }
    /// The source folder could not be read at all.
    public static func unreadableSource(_ reason: String) -> AskbookError { AskbookError(.unreadableSource(reason)) }
    /// The vectorizer model file is missing or invalid.
    public static func invalidModel(_ reason: String) -> AskbookError { AskbookError(.invalidModel(reason)) }
    /// No space with this id exists (or the caller may not see it).
    public static func unknownSpace(_ id: String) -> AskbookError { AskbookError(.unknownSpace(id)) }
    /// An argument is out of range or malformed.
    public static func invalidArgument(_ reason: String) -> AskbookError { AskbookError(.invalidArgument(reason)) }

    /// What kind of failure this is, for mapping to an HTTP status or an exit code.
    public enum Category: Sendable, Hashable {
        /// The caller's input is wrong (empty or too long query, bad id, bad argument).
        case invalidInput
        /// The thing asked for does not exist (or is not visible to the caller).
        case notFound
        /// The source, model or index cannot be used.
        case unavailable
    }

    /// The error's category.
    public var category: Category {
        switch code {
        case .emptyQuery, .queryTooLong, .invalidArgument, .noPages: .invalidInput
        case .unknownSpace: .notFound
        case .unreadableSource, .invalidModel, .emptyIndex: .unavailable
        }
    }

    public var description: String {
        switch code {
        case .emptyQuery: "The question is empty."
        case .queryTooLong(let limit): "The query is longer than \(limit) characters."
        case .noPages(let path): "No pages found in \(path); nothing was imported."
        case .unreadableSource(let reason): "Cannot read the source: \(reason)"
        case .invalidModel(let reason): "Invalid vectorizer model: \(reason)"
        case .emptyIndex: "The index is empty: import a space first (askbook import PATH --space ID)."
        case .unknownSpace(let id): "Unknown space '\(id)'."
        case .invalidArgument(let reason): reason
        }
    }
}
