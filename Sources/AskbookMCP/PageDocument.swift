import AskbookStore
import Foundation

/// `get_page`'s structured result: the page, its published markdown and its sections with their anchors and links.
struct PageDocument: Codable, Sendable {
    struct SectionLink: Codable, Sendable {
        /// The heading's anchor, unique in the page; empty for the text before the first heading.
        var anchor: String
        var title: String
        /// Heading level 1…6, or 0 for the text before the first heading.
        var level: Int
        var url: String
    }

    var space: String
    var id: String
    var path: String
    var title: String
    var description: String?
    var url: String
    var markdownURL: String
    var sections: [SectionLink]
    var markdown: String

    init(_ stored: StoredPage, space: String, baseURL: String) {
        self.space = space
        id = stored.page.id
        path = stored.page.path
        title = stored.page.title
        description = stored.page.description
        url = PageURLs.app(baseURL: baseURL, space: space, path: stored.page.path)
        markdownURL = PageURLs.markdown(baseURL: baseURL, space: space, path: stored.page.path)
        sections = stored.sections.map {
            SectionLink(
                anchor: $0.id,
                title: $0.title,
                level: $0.level,
                url: PageURLs.app(baseURL: baseURL, space: space, path: stored.page.path, anchor: $0.id)
            )
        }
        markdown = stored.markdown ?? LLMText.fallbackMarkdown(stored)
    }

    /// The markdown, then the sections as a list of anchors and links.
    var text: String {
        var lines = [markdown.trimmingCharacters(in: .newlines), "", "---", "Sections of this page (anchor: link):"]
        lines += sections.filter { !$0.anchor.isEmpty }.map { "- `#\($0.anchor)` \($0.title): \($0.url)" }
        return lines.joined(separator: "\n")
    }
}

/// `list_spaces`'s structured result.
struct SpaceList: Codable, Sendable {
    var spaces: [SpaceSummary]
}

/// One space in `list_spaces`.
struct SpaceSummary: Codable, Sendable {
    struct URLs: Codable, Sendable {
        var app: String
        var llmsTxt: String
        var llmsFullTxt: String
    }

    var id: String
    var title: String
    var organization: String
    var pages: Int
    var urls: URLs

    init(_ space: SpaceRecord, pages: Int, baseURL: String) {
        id = space.id
        title = space.title
        organization = space.organizationId
        self.pages = pages
        urls = URLs(
            app: "\(baseURL)/s/\(space.id)",
            llmsTxt: PageURLs.llmsText(baseURL: baseURL, space: space.id),
            llmsFullTxt: PageURLs.llmsText(baseURL: baseURL, space: space.id, full: true)
        )
    }
}
