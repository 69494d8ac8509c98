extension ComposedAnswer {
    /// The sources to list under the answer: the first citation of each number, in number order.
    public var numberedSources: [Citation] {
        var seen: Set<Int> = []
        return citations.filter { seen.insert($0.number).inserted }.sorted { $0.number < $1.number }
    }
}

extension Citation {
    /// The cited section's key, `space/page#section` (see `IndexedChunk.sectionKey`).
    public var sectionKey: String { IndexedChunk.sectionKey(space: spaceID, page: pageID, section: sectionID) }

    /// The cited section's title in a list of sources: `Page › Section`, or the page's title for its top section.
    public var displayTitle: String {
        sectionTitle == pageTitle || sectionTitle.isEmpty ? pageTitle : "\(pageTitle) › \(sectionTitle)"
    }

    /// The relative link to the cited section, `page/path#section` (see `AnswerComposer.link`).
    public var link: String { AnswerComposer.link(path: pagePath, section: sectionID) }
}
