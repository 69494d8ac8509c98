import Foundation

/// Resolves the targets of a space's `.link` blocks: a relative link to a markdown file or folder becomes that page's
/// GitBook path (what answers link to), and a link whose text is only a file name (`inline.md`, `.`, as GitBook writes
/// content-refs) takes the title of the page it points to.
enum PageLinks {
    /// `pages` with their link blocks resolved against each other.
    static func resolved(_ pages: [Page]) -> [Page] {
        let titles = Dictionary(pages.map { ($0.path, $0.title) }, uniquingKeysWith: { first, _ in first })
        return pages.map { page in
            var page = page
            for s in page.sections.indices {
                for b in page.sections[s].blocks.indices where page.sections[s].blocks[b].kind == .link {
                    var block = page.sections[s].blocks[b]
                    guard let target = block.target else { continue }
                    let resolved = resolve(target, from: page.sourcePath)
                    block.target = resolved
                    let path = String(resolved.prefix { $0 != "#" })
                    if looksLikeFileName(block.text, target: target), let title = titles[path] { block.text = title }
                    page.sections[s].blocks[b] = block
                }
            }
            return page
        }
    }

    /// The page path (with its `#anchor`) a relative link in `file` points to; absolute URLs, and links that leave the
    /// space, come back unchanged.
    ///
    /// ```swift
    /// PageLinks.resolve("../formatting/inline.md#code", from: "blocks/page-link.md")  // "formatting/inline#code"
    /// ```
    static func resolve(_ target: String, from file: String) -> String {
        guard !target.contains("://"), !target.hasPrefix("mailto:"), !target.hasPrefix("/") else { return target }
        let fragment = target.firstIndex(of: "#").map { String(target[$0...]) } ?? ""
        let path = String(target.prefix { $0 != "#" && $0 != "?" })
        let directory = file.split(separator: "/").dropLast().joined(separator: "/")
        if path.isEmpty { return SpaceLoader.pagePath(forFile: file) + fragment }
        guard let joined = SourceFolder.join(directory, path.removingPercentEncoding ?? path) else { return target }
        return SpaceLoader.pagePath(forFile: joined) + fragment
    }

    /// Whether a link's text is only the name of what it points to.
    private static func looksLikeFileName(_ text: String, target: String) -> Bool {
        let lowered = text.lowercased()
        return text == "." || text == ".." || lowered.hasSuffix(".md") || text == target || lowered == "readme"
    }
}
