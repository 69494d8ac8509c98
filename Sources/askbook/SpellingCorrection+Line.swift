import AskbookCore

extension SpellingCorrection {
    /// What `ask` and `search` print above their results: `Searched for: custom domain (corrected from: custm domian)`.
    var line: String {
        "Searched for: \(text.collapsingWhitespace()) (corrected from: \(original.collapsingWhitespace()))"
    }
}
