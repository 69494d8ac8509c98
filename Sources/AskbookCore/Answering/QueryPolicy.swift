/// What a caller may ask or search for: the limits on questions, search queries, earlier questions and result
/// counts, checked here for the HTTP server, the CLI and the answerer alike. Each check throws a named
/// `AskbookError`; the fronts map it (an HTTP 400 with GitBook's error body, a one-line CLI message).
///
/// ```swift
/// try QueryPolicy.checkQuery(query, field: "'query' parameter")   // throws .emptyQuery / .queryTooLong
/// try QueryPolicy.checkLimit(limit, field: "'limit' parameter")   // throws .outOfRange
/// ```
public enum QueryPolicy {
    /// The longest search query, question or earlier question, in characters: GitBook's limit for search.
    public static let maxCharacters = 512
    /// The most UTF-8 bytes in such a text. A character may hold any number of combining scalars, so the character
    /// count alone does not bound the work; 2,048 bytes leave room for 512 characters of any script or emoji.
    public static let maxBytes = 2048
    /// The most earlier questions (`previousQueries`) taken as context for a question.
    public static let maxPreviousQueries = 10
    /// The most sections a search returns or counts (GitBook's `limit` maximum).
    public static let maxSearchResults = 1000
    /// The longest question the answerer itself accepts, in characters: a backstop for callers that do not check
    /// `maxCharacters` (questions read from files by the CLI and the evaluation suite).
    public static let maxAnswererCharacters = 2048

    /// Checks a query or question sent by a client: at most `maxBytes` bytes and `maxCharacters` characters, and
    /// not only whitespace.
    ///
    /// The byte count is checked first: it costs nothing, so a huge text is refused without being walked.
    /// - Parameter field: how messages name the text, e.g. `'query' parameter` or `'previousQueries[2]'`.
    /// - Throws: `AskbookError.queryTooLong(field:characters:bytes:)` or `.emptyQuery(field:)`.
    public static func checkQuery(_ text: String, field: String) throws(AskbookError) {
        try checkLength(text, field: field)
        guard !text.trimmingWhitespace().isEmpty else { throw .emptyQuery(field: field) }
    }

    /// Checks a text's length only (an earlier question may be blank: it is then ignored).
    ///
    /// - Throws: `AskbookError.queryTooLong(field:characters:bytes:)`.
    public static func checkLength(_ text: String, field: String) throws(AskbookError) {
        guard text.utf8.count <= maxBytes, text.count <= maxCharacters else {
            throw .queryTooLong(field: field, characters: maxCharacters, bytes: maxBytes)
        }
    }

    /// Checks the earlier questions sent with a question: at most `maxPreviousQueries`, each within the length limits.
    ///
    /// - Throws: `AskbookError.tooManyPreviousQueries(limit:)` or `.queryTooLong` naming `'previousQueries[i]'`.
    public static func checkPreviousQueries(_ previousQueries: [String]) throws(AskbookError) {
        guard previousQueries.count <= maxPreviousQueries else { throw .tooManyPreviousQueries(limit: maxPreviousQueries) }
        for (i, previous) in previousQueries.enumerated() { try checkLength(previous, field: "'previousQueries[\(i)]'") }
    }

    /// Checks a search's result count: 0 to `maxSearchResults`.
    ///
    /// - Throws: `AskbookError.outOfRange(field:_:)`.
    public static func checkLimit(_ limit: Int, field: String) throws(AskbookError) {
        guard (0...maxSearchResults).contains(limit) else { throw .outOfRange(field: field, 0...maxSearchResults) }
    }

    /// Reads a search's result count from text (a query parameter), as `checkLimit` checks it.
    ///
    /// - Throws: `AskbookError.outOfRange(field:_:)`, also when `text` is not a whole number.
    public static func limit(parsing text: some StringProtocol, field: String) throws(AskbookError) -> Int {
        guard let limit = Int(text) else { throw .outOfRange(field: field, 0...maxSearchResults) }
        try checkLimit(limit, field: field)
        return limit
    }

    /// Checks what the answerer is given, whoever calls it: a question of 1 to `maxAnswererCharacters` characters
    /// (trimmed) and at most `maxPreviousQueries` earlier questions.
    ///
    /// - Throws: `AskbookError.emptyQuery`, `.queryTooLong(limit:)` or `.tooManyPreviousQueries(limit:)`.
    static func checkQuestion(_ trimmedQuestion: String, previousQueries: [String]) throws(AskbookError) {
        guard !trimmedQuestion.isEmpty else { throw .emptyQuery }
        guard trimmedQuestion.count <= maxAnswererCharacters else { throw .queryTooLong(limit: maxAnswererCharacters) }
        guard previousQueries.count <= maxPreviousQueries else { throw .tooManyPreviousQueries(limit: maxPreviousQueries) }
    }
}
