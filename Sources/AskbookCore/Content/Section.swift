/// The text under one heading of a page, up to the next heading of any level.
///
/// A page's text before its first heading is a section too, with an empty `id` and level 0.
public struct Section: Sendable, Hashable, Codable {
    /// GitBook-style anchor, unique in its page (`getting-started`); empty for the text before the first heading.
    public var id: String
    /// The heading text without markup; the page title for the preamble.
    public var title: String
    /// Heading level 1…6, or 0 for the preamble.
    public var level: Int
    /// Titles of the enclosing headings, outermost first, ending with this section's own title.
    public var headingPath: [String]
    /// The section's blocks in document order.
    public var blocks: [Block]

    public init(id: String, title: String, level: Int, headingPath: [String], blocks: [Block]) {
        self.id = id
        self.title = title
        self.level = level
        self.headingPath = headingPath
        self.blocks = blocks
    }

    /// The section's plain text, blocks separated by blank lines.
    public var text: String { blocks.map(\.text).joined(separator: "\n\n") }
}
