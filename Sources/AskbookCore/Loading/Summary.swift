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

    private static func collect(list: OpaquePointer, parent: String?, group: String?, parser: MarkdownParser, into entries: inout [Entry]) {
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
                    collect(list: node, parent: own, group: group, parser: parser, into: &entries)
                default: break
                }
                child = cmark_node_next(node)
            }
            item = cmark_node_next(itemNode)
        }
    }

    private static func firstLink(in node: OpaquePointer) -> OpaquePointer? {
        var child = cmark_node_first_child(node)
        while let inline = child {
            if cmark_node_get_type(inline) == CMARK_NODE_LINK { return inline }
            if let nested = firstLink(in: inline) { return nested }
            child = cmark_node_next(inline)
        }
        return nil
    }
}
