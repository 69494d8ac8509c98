extension SearchAIAnswer {
    /// GitBook's answer for `composed`: its markdown, its plain text in the deprecated `text` field, `sources` and
    /// the deprecated `pages` listing the same pages.
    public init(composed: ComposedAnswer, sources: [SearchAIAnswerSource], followupQuestions: [String]) {
        self.init(
            answer: AnswerDocument(markdown: composed.markdown),
            followupQuestions: followupQuestions,
            sources: sources,
            pages: sources.map(SearchAIAnswerPage.init),
            text: composed.plainText
        )
    }
}
