/// Turns a retrieval into GitBook's search shape: spaces › pages › sections, each section with a snippet around its
/// best-matching sentences and an app URL.
public struct SearchComposer: Sendable {
    /// The longest snippet, in characters.
    public var snippetLength = 240
    /// Base of `urls.app`, e.g. `http://127.0.0.1:8080`.
    public var baseURL: String
    private let splitter = SentenceSplitter()

    public init(baseURL: String) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
    }

    /// Searches `retriever` and returns sections `offset ..< offset + limit` of the ranked list, grouped by space and
    /// page in rank order; `count` is the total number of matching sections.
    ///
    /// Any `limit` and `offset` are safe: a negative one counts as 0, and an offset past the list gives no sections.
    public func search(
        _ query: String,
        retriever: Retriever,
        spaces: Set<String>?,
        limit: Int,
        offset: Int = 0,
        minScore: Float = 0.05
    ) throws -> SearchResults {
        let query = query.trimmingWhitespace()
        guard !query.isEmpty else { throw AskbookError.emptyQuery }
        let retrieval = retriever.retrieve(query, spaces: spaces, limit: QueryPolicy.maxSearchResults)
        var ranked: [RetrievalHit] = []
        var seen: Set<String> = []
        for hit in retrieval.hits where hit.score >= minScore {
            if seen.insert(hit.chunk.sectionKey).inserted { ranked.append(hit) }
        }
        let window = ranked.dropFirst(max(0, offset)).prefix(max(0, limit))
        let snapshot = retriever.snapshot
        let queryTerms = Set(retrieval.queryTerms.keys)

        var items: [SearchSpaceResult] = []
        for hit in window {
            let chunk = hit.chunk
            let section = SearchSectionResult(
                id: chunk.sectionID,
                title: chunk.sectionTitle,
                path: AnswerComposer.link(path: chunk.pagePath, section: chunk.sectionID),
                body: retriever.analyzers.withAnalyzer(language: snapshot.segment(space: chunk.spaceID)?.language ?? snapshot.model.language) {
                    snippet(chunk, queryTerms: queryTerms, analyzer: $0)
                },
                urls: ResultURLs(app: appURL(space: chunk.spaceID, path: chunk.pagePath, section: chunk.sectionID))
            )
            let spaceIndex =
                items.firstIndex { $0.id == chunk.spaceID }
                ?? {
                    let title = snapshot.segment(space: chunk.spaceID)?.spaceTitle ?? chunk.spaceID
                    items.append(SearchSpaceResult(id: chunk.spaceID, title: title, pages: []))
                    return items.count - 1
                }()
            if let pageIndex = items[spaceIndex].pages.firstIndex(where: { $0.id == chunk.pageID }) {
                items[spaceIndex].pages[pageIndex].sections?.append(section)
            } else {
                items[spaceIndex].pages.append(
                    SearchPageResult(
                        id: chunk.pageID,
                        title: chunk.pageTitle,
                        path: chunk.pagePath,
                        sections: [section],
                        urls: ResultURLs(app: appURL(space: chunk.spaceID, path: chunk.pagePath, section: ""))
                    )
                )
            }
        }
        return SearchResults(next: nil, count: ranked.count, items: items, spelling: retrieval.correction)
    }

    /// The sentences of the chunk that cover the most query terms, in order, cut to `snippetLength`.
    func snippet(_ chunk: IndexedChunk, queryTerms: Set<String>, analyzer: TextAnalyzer) -> String {
        let sentences = chunk.blocks.flatMap { splitter.sentences(of: $0) }
        guard !sentences.isEmpty else { return "" }
        let scored = sentences.enumerated().map { i, s in (i, Set(analyzer.terms(s)).intersection(queryTerms).count) }
        let best = scored.max { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 > $1.0 }?.0 ?? 0
        var snippet = sentences[best]
        var next = best + 1
        while next < sentences.count, snippet.count + 1 + sentences[next].count <= snippetLength {
            snippet += " " + sentences[next]
            next += 1
        }
        if snippet.count > snippetLength { snippet = String(snippet.prefix(snippetLength - 1)).trimmingWhitespace() + "…" }
        return snippet.collapsingWhitespace()
    }

    /// `baseURL/s/space/path#section`, as GitBook's app URLs.
    public func appURL(space: String, path: String, section: String) -> String {
        var url = "\(baseURL)/s/\(space)/\(path)"
        if !section.isEmpty { url += "#\(section)" }
        return url
    }
}
