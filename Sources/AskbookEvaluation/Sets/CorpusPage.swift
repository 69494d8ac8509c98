import AskbookCore
import Foundation

/// One line of a prepared corpus (`corpus.jsonl`): a page and its sections as plain text.
///
/// `askbook eval prepare` writes these from the shared data sets; `askbook eval` imports them, and the BM25 baseline
/// script reads the very same file, so both systems rank the same units.
public struct CorpusPage: Codable, Sendable, Hashable {
    /// One section of the page.
    public struct Section: Codable, Sendable, Hashable {
        public var id: String
        public var title: String
        public var text: String
    }

    /// The space the page belongs to, for sets of many spaces (`docs-org`), where a page path alone is ambiguous;
    /// `nil` (absent from the line) for sets of one space.
    public var space: String?
    /// Page path (a document id for SciFact, an article title for SQuAD).
    public var page: String
    public var title: String
    public var sections: [Section]

    /// Reads a prepared corpus.
    ///
    /// - Throws: `AskbookError.unreadableFile`, or `.malformedData` naming the first bad line.
    public static func load(path: String) throws -> [CorpusPage] {
        try JSONLines.read(CorpusPage.self, path: path, what: "corpus (run askbook eval prepare first)")
    }

    /// Writes a prepared corpus as JSON Lines.
    public static func write(_ pages: [CorpusPage], to path: String) throws {
        try JSONLines.write(pages, path: path)
    }

    /// The pages as a space's content: each section one paragraph block under a level-1 heading of its own.
    public static func content(_ pages: [CorpusPage], spaceID: String, title: String) -> SpaceContent {
        let converted = pages.map { page in
            Page(
                id: StableID.make(spaceID, page.page),
                path: page.page,
                title: page.title,
                sourcePath: page.page,
                sections: page.sections.map { section in
                    let heading = section.title.isEmpty ? page.title : section.title
                    return AskbookCore.Section(
                        id: section.id,
                        title: heading,
                        level: 1,
                        headingPath: [heading],
                        blocks: [Block(.paragraph, section.text)]
                    )
                }
            )
        }
        return SpaceContent(spaceId: spaceID, title: title, pages: converted)
    }

    /// A space's content as corpus pages (for the folder-based sets), each section's text as it is indexed; with
    /// `keyedBySpace` each page names its space.
    public static func pages(from content: SpaceContent, keyedBySpace: Bool = false) -> [CorpusPage] {
        content.pages.map { page in
            CorpusPage(
                space: keyedBySpace ? content.spaceId : nil,
                page: page.path,
                title: page.title,
                sections: page.sections.map { Section(id: $0.id, title: $0.title, text: $0.text) }
            )
        }
    }
}
