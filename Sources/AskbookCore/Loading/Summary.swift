import CMarkGFM
import Foundation

/// A GitBook `SUMMARY.md`: the page order, titles and nesting of a space.
///
/// Parsed with cmark-gfm: each list item's link is a page, nested lists are child pages, and headings
/// (`## Group`) name groups, which are not pages.
public struct Summary: Sendable, Hashable {
    /// One page entry in reading order.
    public struct Entry: Sendable, Hashable {
        /// The link text: the page title.
        public var title: String
        /// The link target: the markdown file, relative to the summary's folder.
        public var file: String
        /// The file of the enclosing entry, if nested.
        public var parentFile: String?
        /// The group heading the entry sits under, if any.
        public var group: String?
    }

    /// Entries in reading order (depth first).
    public var entries: [Entry]

    /// Parses the text of a `SUMMARY.md`.
    public init(markdown: String) {
        let parser = MarkdownParser()
        entries =
            MarkdownParser.withDocument(markdown) { root in
                var entries: [Entry] = []
                var group: String?
                var child = cmark_node_first_child(root)
                while let node = child {
                    switch cmark_node_get_type(node) {
                    case CMARK_NODE_HEADING where cmark_node_get_heading_level(node) > 1:
                        group = parser.inlineText(node)
                    case CMARK_NODE_LIST:
                        Self.collect(list: node, parent: nil, group: group, parser: parser, into: &entries)
                    default: break
                    }
                    child = cmark_node_next(node)
                }
                return entries
            } ?? []
    }

    /// Lists nested deeper than this are not read: a page tree is a few levels deep, and markdown allows a million.
    static let maxNesting = 32

    private static func collect(
        list: OpaquePointer,
        parent: String?,
        group: String?,
        parser: MarkdownParser,
        depth: Int = 0,
        into entries: inout [Entry]
    ) {
        guard depth < maxNesting else { return }
        var item = cmark_node_first_child(list)
        while let itemNode = item {
            var own: String? = parent
            var child = cmark_node_first_child(itemNode)
            while let node = child {
                switch cmark_node_get_type(node) {
                case CMARK_NODE_PARAGRAPH:
                    if let link = firstLink(in: node), let url = cmark_node_get_url(link) {
                        let target = String(cString: url)
                        let withoutFragment = String(target.prefix { $0 != "#" })
                        let file = withoutFragment.removingPercentEncoding ?? withoutFragment
                        if !file.isEmpty, !file.contains("://") {
                            entries.append(Entry(title: parser.inlineText(link), file: file, parentFile: parent, group: group))
                            own = file
                        }
                    }
                case CMARK_NODE_LIST:
                    collect(list: node, parent: own, group: group, parser: parser, depth: depth + 1, into: &entries)
                default: break
                }
                child = cmark_node_next(node)
            }
            item = cmark_node_next(itemNode)
        }
    }

    /// The first link under `node` in document order (cmark's iterator: no recursion over nested inlines).
    private static func firstLink(in node: OpaquePointer) -> OpaquePointer? {
        guard let iterator = cmark_iter_new(node) else { return nil }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { return nil }
            if event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator), current != node,
                cmark_node_get_type(current) == CMARK_NODE_LINK
            {
                return current
            }
        }
    }
}
