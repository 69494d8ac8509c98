import AskbookStore
import Foundation

/// The LLM-ready text of spaces and sites, after llmstxt.org: `llms.txt` (one H1 title, a blockquote summary, then
/// `##` sections of links to each page's markdown) and `llms-full.txt` (every page's markdown in reading order).
public enum LLMText {
    /// A space's pages for `llms.txt`: its id, title and pages in `SUMMARY.md` order.
    public struct SpacePages: Sendable {
        public var id: String
        public var title: String
        public var pages: [PageRecord]

        public init(id: String, title: String, pages: [PageRecord]) {
            self.id = id
            self.title = title
            self.pages = pages
        }
    }

    /// `llms.txt` of one space: its title, a summary (its home page's description when it has one), and every page
    /// as a link to its markdown with its path and description.
    public static func index(of space: SpacePages, baseURL: String) -> String {
        let home = space.pages.first { $0.path.isEmpty }?.description.flatMap { $0.isEmpty ? nil : $0 }
        let summary = home ?? "The \(space.title) documentation: \(count(space.pages.count, "page")), each linked below in markdown."
        var lines = ["# \(oneLine(space.title))", "", "> \(oneLine(summary))", "", "## Pages", ""]
        lines += space.pages.map { link(to: $0, space: space.id, baseURL: baseURL) }
        lines += [
            "", "## Optional", "",
            "- [All pages in one file](\(PageURLs.llmsText(baseURL: baseURL, space: space.id, full: true))): every page's markdown",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `llms.txt` of a site: its title, a summary, and one section per space of the site, in site order.
    public static func index(ofSite title: String, siteFullURL: String, spaces: [SpacePages], baseURL: String) -> String {
        let pages = spaces.reduce(0) { $0 + $1.pages.count }
        let summary = "The \(title) documentation: \(count(spaces.count, "space")) and \(count(pages, "page")), each linked below in markdown."
        var lines = ["# \(oneLine(title))", "", "> \(oneLine(summary))"]
        for space in spaces {
            lines += ["", "## \(oneLine(space.title))", ""]
            lines += space.pages.map { link(to: $0, space: space.id, baseURL: baseURL) }
        }
        lines += ["", "## Optional", "", "- [All pages in one file](\(siteFullURL)): every page's markdown"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `llms-full.txt`: the pages' markdown in order, separated by rules.
    public static func full(_ pages: [StoredPage]) -> String {
        pages.map { ($0.markdown ?? fallbackMarkdown($0)).trimmingCharacters(in: .newlines) }.joined(separator: "\n\n---\n\n") + "\n"
    }

    /// A page's markdown when its revision was imported before pages kept their published form: its title, its
    /// description and its headings, with a note to re-import.
    public static func fallbackMarkdown(_ stored: StoredPage) -> String {
        var lines = ["# \(oneLine(stored.page.title))"]
        if let description = stored.page.description, !description.isEmpty { lines += ["", "> \(oneLine(description))"] }
        lines += ["", "_This page's text is not available as markdown: its space was imported before Askbook kept it; re-import the space._"]
        for section in stored.sections where section.level > 0 {
            lines += ["", String(repeating: "#", count: min(6, max(2, section.level))) + " " + oneLine(section.title)]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func link(to page: PageRecord, space: String, baseURL: String) -> String {
        let shown = page.path.isEmpty ? "/" : page.path
        var line = "- [\(escaped(oneLine(page.title)))](\(PageURLs.markdown(baseURL: baseURL, space: space, path: page.path))): `\(shown)`"
        if let description = page.description, !description.isEmpty { line += " — " + oneLine(description) }
        return line
    }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// `text` on one line, so a title or description cannot start a heading or end a list.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    private static func escaped(_ text: String) -> String {
        var out = ""
        for char in text {
            if "[]".contains(char) { out.append("\\") }
            out.append(char)
        }
        return out
    }
}
