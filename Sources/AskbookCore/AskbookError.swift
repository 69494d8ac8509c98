/// An error from Askbook's core and the modules above it: bad input, an unusable source, store or data file, or a
/// missing index. Each case's message says what went wrong and, where there is something to do, what to do.
///
/// A struct around a private enum (Hummingbird's `PersistError` pattern), so cases can be added without breaking callers.
/// Equatable so tests can write `#expect(throws: AskbookError.emptyQuery)`.
public struct AskbookError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: Equatable, Sendable {
        case emptyQuery(field: String)
        case queryTooLong(field: String, characters: Int, bytes: Int?)
        case tooManyPreviousQueries(Int)
        case outOfRange(field: String, ClosedRange<Int>)
        case noPages(String)
        case unreadableSource(String)
        case invalidModel(String)
        case emptyIndex
        case unknownSpace(String)
        case unknownSite(String)
        case unknownSpaceInOrganization(space: String, organization: String)
        case spaceOfAnotherOrganization(String)
        case siteOfAnotherOrganization(String)
        case deletedSpace(String)
        case notDeletedSpace(String)
        case unknownToken(String)
        case invalidOrigin(String, reason: String)
        case invalidVisitorKey(String)
        case missingDatabase(String)
        case invalidIdentifier(what: String, value: String)
        case unknownLanguage(String, known: [String])
        case tooManyChunks(space: String, chunks: Int, limit: Int)
        case partialImport(reason: String, imported: [String], failedSpace: String)
        case unreadableFile(String)
        case malformedData(path: String, reason: String)
        case noQuestions(side: String, source: String)
        case externalToolFailed(tool: String, status: Int32, remedy: String)
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    // MARK: Questions and search parameters (`QueryPolicy`)

    /// The question is empty or only whitespace.
    public static let emptyQuery = AskbookError(.emptyQuery(field: "question"))
    /// The text named `field` (e.g. `'query' parameter`) is empty or only whitespace.
    public static func emptyQuery(field: String) -> AskbookError { AskbookError(.emptyQuery(field: field)) }
    /// The question is longer than `limit` characters.
    public static func queryTooLong(limit: Int) -> AskbookError { AskbookError(.queryTooLong(field: "question", characters: limit, bytes: nil)) }
    /// The text named `field` is longer than `characters` characters (or, when given, `bytes` UTF-8 bytes).
    public static func queryTooLong(field: String, characters: Int, bytes: Int?) -> AskbookError {
        AskbookError(.queryTooLong(field: field, characters: characters, bytes: bytes))
    }
    /// More earlier questions than `limit` came with a question.
    public static func tooManyPreviousQueries(limit: Int) -> AskbookError { AskbookError(.tooManyPreviousQueries(limit)) }
    /// The whole number named `field` is outside `range`.
    public static func outOfRange(field: String, _ range: ClosedRange<Int>) -> AskbookError { AskbookError(.outOfRange(field: field, range)) }

    // MARK: Sources, models and the index

    /// An import produced no pages; nothing was written.
    public static func noPages(_ path: String) -> AskbookError { AskbookError(.noPages(path)) }
    /// The source folder could not be read at all.
    public static func unreadableSource(_ reason: String) -> AskbookError { AskbookError(.unreadableSource(reason)) }
    /// The vectorizer model file is missing or invalid.
    public static func invalidModel(_ reason: String) -> AskbookError { AskbookError(.invalidModel(reason)) }
    /// The index holds no chunks for the spaces asked about.
    public static let emptyIndex = AskbookError(.emptyIndex)
    /// An id is not 1–64 letters, digits, `-` or `_`; `what` names it (`space id`, `organization id`).
    public static func invalidIdentifier(_ value: String, what: String) -> AskbookError { AskbookError(.invalidIdentifier(what: what, value: value)) }
    /// No Snowball stemmer has this name; `known` lists those that exist.
    public static func unknownLanguage(_ language: String, known: [String]) -> AskbookError { AskbookError(.unknownLanguage(language, known: known)) }
    /// A space would have more chunks than the import allows; nothing of it was written.
    public static func tooManyChunks(space: String, chunks: Int, limit: Int) -> AskbookError {
        AskbookError(.tooManyChunks(space: space, chunks: chunks, limit: limit))
    }
    /// A multi-space import failed at `failedSpace` with `reason` after committing the spaces in `imported`.
    public static func partialImport(reason: String, imported: [String], failedSpace: String) -> AskbookError {
        AskbookError(.partialImport(reason: reason, imported: imported, failedSpace: failedSpace))
    }

    // MARK: The store

    /// No database file at this path (and it was not to be created).
    public static func missingDatabase(_ path: String) -> AskbookError { AskbookError(.missingDatabase(path)) }
    /// No space with this id exists (or the caller may not see it).
    public static func unknownSpace(_ id: String) -> AskbookError { AskbookError(.unknownSpace(id)) }
    /// No space with this id exists in `organization` (naming the spaces of a token).
    public static func unknownSpace(_ id: String, organization: String) -> AskbookError {
        AskbookError(.unknownSpaceInOrganization(space: id, organization: organization))
    }
    /// The space belongs to another organization than the one importing into it.
    public static func spaceOfAnotherOrganization(_ id: String) -> AskbookError { AskbookError(.spaceOfAnotherOrganization(id)) }
    /// No site with this id exists.
    public static func unknownSite(_ id: String) -> AskbookError { AskbookError(.unknownSite(id)) }
    /// A site with this id belongs to another organization.
    public static func siteOfAnotherOrganization(_ id: String) -> AskbookError { AskbookError(.siteOfAnotherOrganization(id)) }
    /// The space is soft-deleted, so it cannot be imported into until it is restored.
    public static func deletedSpace(_ id: String) -> AskbookError { AskbookError(.deletedSpace(id)) }
    /// The space is not soft-deleted, so there is nothing to restore.
    public static func notDeletedSpace(_ id: String) -> AskbookError { AskbookError(.notDeletedSpace(id)) }
    /// No active token has this id.
    public static func unknownToken(_ id: String) -> AskbookError { AskbookError(.unknownToken(id)) }
    /// A visitor key's allowed origin is not `scheme://host[:port]`; `reason` says what is wrong.
    public static func invalidOrigin(_ origin: String, reason: String) -> AskbookError { AskbookError(.invalidOrigin(origin, reason: reason)) }
    /// A token's role and its spaces or origins do not go together; the message says how.
    public static func invalidVisitorKey(_ message: String) -> AskbookError { AskbookError(.invalidVisitorKey(message)) }

    // MARK: Data files and tools (evaluation, bench)

    /// A data file (a question set, a corpus, a shared data set) cannot be read.
    public static func unreadableFile(_ path: String) -> AskbookError { AskbookError(.unreadableFile(path)) }
    /// A data file is not in the format expected; `reason` says where and how.
    public static func malformedData(path: String, reason: String) -> AskbookError { AskbookError(.malformedData(path: path, reason: reason)) }
    /// The side of a question set asked for holds no question.
    public static func noQuestions(side: String, source: String) -> AskbookError { AskbookError(.noQuestions(side: side, source: source)) }
    /// An external program (python3 and a baseline script) exited with `status`; `remedy` says how to fix it.
    public static func externalToolFailed(_ tool: String, status: Int32, remedy: String) -> AskbookError {
        AskbookError(.externalToolFailed(tool: tool, status: status, remedy: remedy))
    }

    /// What kind of failure this is, for mapping to an HTTP status or an exit code.
    public enum Category: Sendable, Hashable {
        /// The caller's input is wrong (empty or too long query, bad id, bad argument).
        case invalidInput
        /// The thing asked for does not exist (or is not visible to the caller).
        case notFound
        /// The source, model, index, database, data file or tool cannot be used.
        case unavailable
    }

    /// The error's category.
    public var category: Category {
        switch code {
        case .emptyQuery, .queryTooLong, .tooManyPreviousQueries, .outOfRange, .noPages, .invalidIdentifier, .unknownLanguage, .tooManyChunks,
            .spaceOfAnotherOrganization, .siteOfAnotherOrganization, .deletedSpace, .notDeletedSpace, .partialImport, .noQuestions, .invalidOrigin,
            .invalidVisitorKey:
            .invalidInput
        case .unknownSpace, .unknownSite, .unknownSpaceInOrganization, .unknownToken: .notFound
        case .unreadableSource, .invalidModel, .emptyIndex, .missingDatabase, .unreadableFile, .malformedData, .externalToolFailed: .unavailable
        }
    }

    public var description: String {
        switch code {
        case .emptyQuery(let field): "The \(field) must not be empty."
        case .queryTooLong(let field, let characters, let bytes):
            "The \(field) is longer than \(characters) characters\(bytes.map { " (or \($0) bytes)" } ?? "")."
        case .tooManyPreviousQueries(let limit): "'previousQueries' may hold at most \(limit) questions."
        case .outOfRange(let field, let range): "The \(field) must be a whole number from \(range.lowerBound) to \(range.upperBound)."
        case .noPages(let path): "No pages found in \(path); nothing was imported."
        case .unreadableSource(let reason): "Cannot read the source: \(reason)"
        case .invalidModel(let reason): "Invalid vectorizer model: \(reason)"
        case .emptyIndex: "The index is empty: import a space first (askbook import PATH --space ID)."
        case .unknownSpace(let id): "Unknown space '\(id)'."
        case .unknownSite(let id): "Unknown site '\(id)'."
        case .unknownSpaceInOrganization(let id, let organization):
            "Space '\(id)' does not exist in organization '\(organization)'; see askbook spaces list."
        case .spaceOfAnotherOrganization(let id): "Space '\(id)' belongs to another organization; import under another space id."
        case .siteOfAnotherOrganization(let id): "Site '\(id)' belongs to another organization; import under another space id."
        case .deletedSpace(let id): "Space '\(id)' is deleted; restore it before importing (askbook spaces restore \(id))."
        case .notDeletedSpace(let id): "Space '\(id)' is not a deleted space; only a deleted space can be restored."
        case .unknownToken(let id): "No active token with id '\(id)'; see askbook tokens list."
        case .invalidOrigin(let origin, let reason):
            "Invalid origin '\(origin)': \(reason) Give scheme and host, and a port if not the default (https://docs.example.com)."
        case .invalidVisitorKey(let message): message
        case .missingDatabase(let path): "No database at \(path): import a space first (askbook import PATH --space ID --db \(path))."
        case .invalidIdentifier(let what, let value): "Invalid \(what) '\(value)': use 1–64 letters, digits, '-' or '_'."
        case .unknownLanguage(let language, let known): "Unknown stemming language '\(language)'; one of: \(known.joined(separator: ", "))."
        case .tooManyChunks(let space, let chunks, let limit):
            "Space \(space) has \(chunks) chunks; the limit is \(limit) (--max-chunks). Nothing was imported."
        case .partialImport(let reason, let imported, let failedSpace):
            "\(reason) Already imported: \(imported.joined(separator: ", ")); space \(failedSpace) and those after it were not."
        case .unreadableFile(let path): "Cannot read \(path)."
        case .malformedData(let path, let reason): "\(path): \(reason)"
        case .noQuestions(let side, let source): "No \(side) questions in \(source)."
        case .externalToolFailed(let tool, let status, let remedy): "\(tool) failed (exit \(status)); \(remedy)"
        }
    }
}
