/// GitBook's search response: a page of `SearchSpaceResult`s, with `count` the total and `next` a cursor.
public struct SearchResults: Codable, Sendable, Hashable {
    /// Cursor of the next page, absent on the last page.
    public struct Next: Codable, Sendable, Hashable {
        public var page: String
        public init(page: String) { self.page = page }
    }

    public var next: Next?
    public var count: Int
    public var items: [SearchSpaceResult]
    /// The words of the query corrected before searching (an Askbook extension that GitBook clients ignore); absent
    /// when none was.
    public var spelling: SpellingCorrection?

    public init(next: Next? = nil, count: Int, items: [SearchSpaceResult], spelling: SpellingCorrection? = nil) {
        self.next = next
        self.count = count
        self.items = items
        self.spelling = spelling
    }
}

/// URLs of a search result.
public struct ResultURLs: Codable, Sendable, Hashable {
    /// The page or section in the application.
    public var app: String
    public init(app: String) { self.app = app }
}

/// A space with its matching pages.
public struct SearchSpaceResult: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var pages: [SearchPageResult]
}

/// A page with its matching sections.
public struct SearchPageResult: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var path: String
    public var sections: [SearchSectionResult]?
    public var urls: ResultURLs
}

/// A matching section: `body` is a snippet around the best match, not the whole section.
public struct SearchSectionResult: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var path: String
    public var body: String
    public var urls: ResultURLs
}
