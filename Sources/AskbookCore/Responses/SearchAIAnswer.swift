/// GitBook's ask response body: `{"answer": SearchAIAnswer}`, with `answer` absent when there is nothing to say.
public struct AskResponse: Codable, Sendable, Hashable {
    public var answer: SearchAIAnswer?

    public init(answer: SearchAIAnswer?) {
        self.answer = answer
    }
}

/// GitBook's `SearchAIAnswer`: the answer document, follow-up questions and the sources it was composed from.
public struct SearchAIAnswer: Codable, Sendable, Hashable {
    /// The answer, as GitBook's `Document` (markdown form, or the JSON document tree).
    public var answer: AnswerDocument
    public var followupQuestions: [String]
    public var sources: [SearchAIAnswerSource]
    /// Deprecated in GitBook's API in favour of `sources`, still required by its schema.
    public var pages: [SearchAIAnswerPage]
    /// The answer as plain text: deprecated in GitBook's API, still read by clients written before `answer`.
    public var text: String?

    public init(
        answer: AnswerDocument,
        followupQuestions: [String],
        sources: [SearchAIAnswerSource],
        pages: [SearchAIAnswerPage],
        text: String? = nil
    ) {
        self.answer = answer
        self.text = text
        self.followupQuestions = followupQuestions
        self.sources = sources
        self.pages = pages
    }
}

/// GitBook's `Document`: `{"markdown": "…"}`, or a JSON document tree (`document`) when asked for.
public struct AnswerDocument: Codable, Sendable, Hashable {
    public var markdown: String?
    public var document: JSONDocument?

    public init(markdown: String) {
        self.markdown = markdown
        self.document = nil
    }

    public init(document: JSONDocument) {
        self.markdown = nil
        self.document = document
    }
}

/// A source of type `page`: the page, revision and space, and the sections that were cited.
public struct SearchAIAnswerSource: Codable, Sendable, Hashable {
    /// Always `page`.
    public var type = "page"
    public var page: String
    public var revision: String
    public var space: String
    public var sections: [String]
}

/// The deprecated `pages` entry of `SearchAIAnswer`.
public struct SearchAIAnswerPage: Codable, Sendable, Hashable {
    public var page: String
    public var revision: String
    public var space: String
    public var sections: [String]

    public init(_ source: SearchAIAnswerSource) {
        page = source.page
        revision = source.revision
        space = source.space
        sections = source.sections
    }
}
