import HTTPTypes

/// Limits on what one request may send, so that the work a request causes stays bounded whatever its token.
enum RequestLimits {
    /// The longest `query` (search and both asks) and `previousQueries` item, in characters: GitBook's limit for search.
    static let maxQueryCharacters = 512
    /// The most UTF-8 bytes in such a text. A character may hold any number of combining scalars, so the character
    /// count alone does not bound the work; 2,048 bytes leave room for 512 characters of any script or emoji.
    static let maxQueryBytes = 2048

    /// Refuses `text` with 400 when it is longer than `maxQueryCharacters` characters or `maxQueryBytes` bytes.
    ///
    /// The byte count is checked first: it costs nothing, so a huge text is refused without being walked.
    /// - Parameter name: how the message names the field, e.g. `'query' parameter` or `'previousQueries[2]'`.
    static func checkQuery(_ text: String, name: String) throws {
        guard text.utf8.count <= maxQueryBytes, text.count <= maxQueryCharacters else {
            throw APIError(.badRequest, message: "The \(name) is longer than \(maxQueryCharacters) characters (or \(maxQueryBytes) bytes).")
        }
    }
}
