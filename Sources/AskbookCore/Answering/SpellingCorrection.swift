/// What `SpellingCorrector` did to a query: the text searched for, and each word it replaced.
///
/// Encoded in responses as `{"original": "custm domian", "text": "custom domain", "words": [{"original": "custm",
/// "corrected": "custom"}, …]}`.
public struct SpellingCorrection: Codable, Sendable, Hashable {
    /// One replaced word.
    public struct Word: Codable, Sendable, Hashable {
        /// The word as the query had it.
        public var original: String
        /// The known word it was replaced with (lower-case).
        public var corrected: String

        public init(original: String, corrected: String) {
            self.original = original
            self.corrected = corrected
        }
    }

    /// The query as given.
    public var original: String
    /// The query with the corrections, what is searched for.
    public var text: String
    /// The replaced words in query order; empty when nothing was corrected (then `text == original`).
    public var words: [Word]

    public init(original: String, text: String, words: [Word]) {
        self.original = original
        self.text = text
        self.words = words
    }

    /// Whether any word was replaced.
    public var corrected: Bool { !words.isEmpty }
}
