import Foundation

/// A GitBook card table (`<table data-view="cards">`) read as navigation: one `.link` block per card, its text the
/// card's title and description, its target the card's link. Flattened as plain HTML, a row of cards read as run-on
/// text with file names in it ("Sites Create a site … sites-first.md Sections …").
struct CardTable {
    /// One block per card, in order; a card without a link is a `.label`.
    var blocks: [Block]

    /// The cards of `html`, or `nil` when it is not a card table.
    init?(html: String) {
        guard html.contains("data-view=\"cards\"") || html.contains("data-view='cards'") else { return nil }
        let parts = html.components(separatedBy: "<tbody")
        // The header marks the hidden columns: the card's target (`data-card-target`) and its cover images.
        let header = parts.count > 1 ? parts[0].components(separatedBy: "<th").dropFirst().filter { !$0.hasPrefix("ead") }.map { " " + $0 } : []
        let targetColumn = header.firstIndex { $0.contains("data-card-target") }
        let hidden = Set(header.indices.filter { header[$0].contains("data-hidden") || header[$0].contains("data-type=\"image\"") })
        var blocks: [Block] = []
        // Splitting once per tag keeps this linear in the table's size.
        for row in (parts.last ?? html).components(separatedBy: "<tr").dropFirst() {
            var texts: [String] = []
            var target: String?
            for (column, cell) in row.components(separatedBy: "<td").dropFirst().enumerated() {
                let text = HTMLText.strippingTags("<td" + cell)
                let href = HTMLText.attribute("href", in: " " + cell)
                if column == targetColumn || (targetColumn == nil && href.map { Self.isFileName(text, of: $0) } ?? false) {
                    if target == nil, let href, !Self.isImage(href) { target = href }
                } else if !hidden.contains(column), !text.isEmpty, !Self.isIconName(text), !Self.isImage(text) {
                    texts.append(text)
                }
            }
            guard !texts.isEmpty else { continue }
            let text = texts.joined(separator: " — ")
            blocks.append(target.map { Block(.link, text, target: $0) } ?? Block(.label, text))
        }
        guard !blocks.isEmpty else { return nil }
        self.blocks = blocks
    }

    /// Whether a cell's text is only the name of the file or address it links to (GitBook's hidden target column).
    private static func isFileName(_ text: String, of href: String) -> Bool {
        text.isEmpty || text == href || href.hasSuffix(text) || text.hasSuffix(".md") || isImage(text)
    }

    private static func isImage(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"].contains { lowered.hasSuffix($0) }
    }

    /// Font Awesome's `:globe:` shortcodes that GitBook puts in a card's icon cell.
    private static func isIconName(_ text: String) -> Bool {
        text.hasPrefix(":") && text.hasSuffix(":") && !text.contains(" ")
    }
}
