import CMarkGFM

/// Parses markdown with cmark-gfm (tables, task lists, strikethrough, autolinks) into a flat stream of
/// headings and plain-text blocks, which `PageSectioner` turns into sections.
public struct MarkdownParser: Sendable {
    /// One element of a page in document order.
    public enum Element: Sendable, Hashable {
        /// A heading: level 1…6, its plain text, and the id of an `<a id="…">` inside it, if any.
        case heading(level: Int, title: String, explicitID: String?)
        /// A block of text.
        case block(Block)
    }

    public init() {}

    /// Parses `markdown` and returns its headings and blocks in order.
    public func parse(_ markdown: String) -> [Element] {
        Self.withDocument(markdown) { root in
            var elements: [Element] = []
            visitBlocks(childrenOf: root, quoted: false, into: &elements)
            return elements
        } ?? []
    }

    /// Parses `markdown` (nesting capped by `NestingCap`) with the GFM extensions attached and hands the document node
    /// to `body`; the tree is freed after.
    static func withDocument<T>(_ markdown: String, _ body: (OpaquePointer) -> T) -> T? {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES) else { return nil }
        defer { cmark_parser_free(parser) }
        for name in ["table", "tasklist", "strikethrough", "autolink"] {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        NestingCap.capped(markdown).utf8CString.withUnsafeBufferPointer { cmark_parser_feed(parser, $0.baseAddress, $0.count - 1) }
        guard let root = cmark_parser_finish(parser) else { return nil }
        defer { cmark_node_free(root) }
        return body(root)
    }

    // MARK: Blocks

    /// Block containers (quotes, lists) nested deeper than this are read as flat text: markdown allows a million
    /// levels in a few megabytes (`> > > …`, `- - - …`), and each level would take a frame of the thread's stack.
    static let maxNesting = 32

    private func visitBlocks(childrenOf parent: OpaquePointer, quoted: Bool, depth: Int = 0, into elements: inout [Element]) {
        var child = cmark_node_first_child(parent)
        while let node = child {
            visitBlock(node, quoted: quoted, depth: depth, into: &elements)
            child = cmark_node_next(node)
        }
    }

    private func visitBlock(_ node: OpaquePointer, quoted: Bool, depth: Int, into elements: inout [Element]) {
        let type = cmark_node_get_type(node)
        if depth >= Self.maxNesting {
            append(.paragraph, flatText(node), to: &elements)
            return
        }
        switch type {
        case CMARK_NODE_HEADING:
            let (title, explicitID) = headingText(node)
            elements.append(.heading(level: Int(cmark_node_get_heading_level(node)), title: title, explicitID: explicitID))
        case CMARK_NODE_PARAGRAPH:
            if let link = soleLink(node) {
                append(.link, inlineText(node), target: link, to: &elements)
            } else if isAllEmphasis(node) {
                append(.label, inlineText(node), to: &elements)
            } else {
                append(quoted ? .quote : .paragraph, inlineText(node), to: &elements)
            }
        case CMARK_NODE_CODE_BLOCK:
            var code = literal(node)
            while code.hasSuffix("\n") { code.removeLast() }
            if !code.trimmingWhitespace().isEmpty { elements.append(.block(Block(.code, code))) }
        case CMARK_NODE_BLOCK_QUOTE:
            visitBlocks(childrenOf: node, quoted: true, depth: depth + 1, into: &elements)
        case CMARK_NODE_LIST:
            var item = cmark_node_first_child(node)
            while let itemNode = item {
                visitListItem(itemNode, depth: depth + 1, into: &elements)
                item = cmark_node_next(itemNode)
            }
        case CMARK_NODE_HTML_BLOCK:
            let html = literal(node)
            if let cards = CardTable(html: html) {
                elements += cards.blocks.map { .block($0) }
            } else {
                append(.paragraph, HTMLText.strippingTags(html), to: &elements)
            }
        case CMARK_NODE_THEMATIC_BREAK:
            break
        default:
            if typeName(node) == "table" {
                visitTable(node, into: &elements)
            } else {
                visitBlocks(childrenOf: node, quoted: quoted, depth: depth + 1, into: &elements)
            }
        }
    }

    /// A list item becomes one block with its own paragraphs; nested lists become blocks of their own,
    /// so long nested lists do not make one huge unit.
    private func visitListItem(_ item: OpaquePointer, depth: Int, into elements: inout [Element]) {
        var parts: [String] = []
        var nested: [Element] = []
        var target: String?
        var child = cmark_node_first_child(item)
        while let node = child {
            switch cmark_node_get_type(node) {
            case CMARK_NODE_PARAGRAPH:
                // An item that is a link (and perhaps a few words about it) is navigation: "Next steps" lists.
                if parts.isEmpty { target = leadingLink(node) }
                parts.append(inlineText(node))
            case CMARK_NODE_CODE_BLOCK: parts.append(literal(node).trimmingWhitespace())
            default: visitBlock(node, quoted: false, depth: depth, into: &nested)
            }
            child = cmark_node_next(node)
        }
        if parts.count > 1 { target = nil }
        append(target == nil ? .listItem : .link, parts.filter { !$0.isEmpty }.joined(separator: "\n"), target: target, to: &elements)
        elements.append(contentsOf: nested)
    }

    private func visitTable(_ table: OpaquePointer, into elements: inout [Element]) {
        var row = cmark_node_first_child(table)
        while let rowNode = row {
            var cells: [String] = []
            var cell = cmark_node_first_child(rowNode)
            while let cellNode = cell {
                cells.append(inlineText(cellNode))
                cell = cmark_node_next(cellNode)
            }
            let text = cells.map { $0.isEmpty ? "-" : $0 }.joined(separator: " | ")
            if cells.contains(where: { !$0.isEmpty }) { elements.append(.block(Block(.tableRow, text))) }
            row = cmark_node_next(rowNode)
        }
    }

    private func append(_ kind: Block.Kind, _ text: String, target: String? = nil, to elements: inout [Element]) {
        let trimmed = text.trimmingWhitespace()
        if !trimmed.isEmpty { elements.append(.block(Block(kind, trimmed, target: target))) }
    }

    // MARK: Navigation and labels

    /// The inline children of a paragraph that carry something: whitespace-only text and line breaks left out.
    private func significantInlines(_ node: OpaquePointer) -> [OpaquePointer] {
        var inlines: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let inline = child {
            switch cmark_node_get_type(inline) {
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: break
            case CMARK_NODE_TEXT where literal(inline).trimmingWhitespace().isEmpty: break
            default: inlines.append(inline)
            }
            child = cmark_node_next(inline)
        }
        return inlines
    }

    /// The URL of a paragraph that is one link and nothing else (what a `{% content-ref %}` leaves).
    private func soleLink(_ node: OpaquePointer) -> String? {
        let inlines = significantInlines(node)
        guard inlines.count == 1, cmark_node_get_type(inlines[0]) == CMARK_NODE_LINK else { return nil }
        return url(inlines[0])
    }

    /// The URL of a paragraph that starts with a link followed by nothing or by a dash or colon and a few words
    /// ("[Quickstart](quickstart.md) - set up in minutes"); `nil` for a sentence that merely starts with a link.
    private func leadingLink(_ node: OpaquePointer) -> String? {
        let inlines = significantInlines(node)
        guard let first = inlines.first, cmark_node_get_type(first) == CMARK_NODE_LINK, let target = url(first) else { return nil }
        guard inlines.count > 1 else { return target }
        let rest = inlines.dropFirst().map { cmark_node_get_type($0) == CMARK_NODE_TEXT ? literal($0) : "x" }.joined()
        let trimmed = rest.trimmingWhitespace()
        guard let mark = trimmed.first, "-–—:".contains(mark) else { return nil }
        return trimmed.split(whereSeparator: \.isWhitespace).count <= 16 ? target : nil
    }

    /// Whether a short paragraph is all bold or italic: a pseudo-heading such as `**Step 1**` or a block's title.
    private func isAllEmphasis(_ node: OpaquePointer) -> Bool {
        let inlines = significantInlines(node)
        guard inlines.count == 1 else { return false }
        let type = cmark_node_get_type(inlines[0])
        return (type == CMARK_NODE_STRONG || type == CMARK_NODE_EMPH) && inlineText(node).count <= 120
    }

    private func url(_ link: OpaquePointer) -> String? {
        guard let cString = cmark_node_get_url(link) else { return nil }
        let url = String(cString: cString).trimmingWhitespace()
        return url.isEmpty ? nil : url
    }

    // MARK: Inlines

    private func headingText(_ node: OpaquePointer) -> (String, String?) {
        var explicitID: String?
        var child = cmark_node_first_child(node)
        while let inline = child {
            if cmark_node_get_type(inline) == CMARK_NODE_HTML_INLINE, let id = HTMLText.attribute("id", in: literal(inline)) {
                explicitID = id
            }
            child = cmark_node_next(inline)
        }
        let title = inlineText(node).collapsingWhitespace()
        if let (bare, id) = Self.attributeList(title) { return (bare, explicitID ?? id) }
        return (title, explicitID)
    }

    /// A heading's trailing attribute list, as MkDocs, Pandoc and Hugo write an explicit anchor
    /// (`## Using BackgroundTasks { #using-backgroundtasks }`, `{#id .class key=value}`): the title without it and the
    /// id; `nil` when the title does not end with one that names an id.
    static func attributeList(_ title: String) -> (title: String, id: String)? {
        guard title.hasSuffix("}"), let open = title.lastIndex(of: "{") else { return nil }
        let inside = title[title.index(after: open)..<title.index(before: title.endIndex)]
        let tokens = inside.split(whereSeparator: \.isWhitespace)
        guard tokens.allSatisfy({ $0.hasPrefix("#") || $0.hasPrefix(".") || $0.contains("=") }),
            let id = tokens.first(where: { $0.hasPrefix("#") && $0.count > 1 })?.dropFirst()
        else { return nil }
        let bare = String(title[..<open]).trimmingWhitespace()
        let slug = Anchor.slug(String(id))
        return bare.isEmpty || slug.isEmpty ? nil : (bare, slug)
    }

    /// Plain text of a node's inline children: markup dropped, link and image text kept, inline HTML tags dropped.
    func inlineText(_ node: OpaquePointer) -> String {
        var out = ""
        walk(node) { inline in
            switch cmark_node_get_type(inline) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: out += literal(inline)
            case CMARK_NODE_SOFTBREAK: out += " "
            case CMARK_NODE_LINEBREAK: out += "\n"
            default: break
            }
        }
        return out.trimmingWhitespace()
    }

    /// The text of every leaf under `node`, separated by spaces: how a container nested past `maxNesting` is read.
    private func flatText(_ node: OpaquePointer) -> String {
        var out = ""
        walk(node) { leaf in
            switch cmark_node_get_type(leaf) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK: out += literal(leaf) + " "
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: out += " "
            default: break
            }
        }
        return out.collapsingWhitespace()
    }

    /// Calls `body` with every node under `node` in document order, with cmark's iterator rather than recursion, so
    /// deeply nested emphasis or links cannot exhaust the stack.
    private func walk(_ node: OpaquePointer, _ body: (OpaquePointer) -> Void) {
        guard let iterator = cmark_iter_new(node) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator), current != node else { continue }
            body(current)
        }
    }

    func literal(_ node: OpaquePointer) -> String {
        guard let cString = cmark_node_get_literal(node) else { return "" }
        return String(cString: cString)
    }

    private func typeName(_ node: OpaquePointer) -> String {
        guard let cString = cmark_node_get_type_string(node) else { return "" }
        return String(cString: cString)
    }
}
