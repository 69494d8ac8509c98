/// One block of a section's text, kept whole by the chunker and the sentence splitter when it is a code block,
/// a list item, a table row, a label or a link.
public struct Block: Sendable, Hashable, Codable {
    /// What kind of markdown block the text came from.
    public enum Kind: String, Sendable, Hashable, Codable {
        case paragraph, code, listItem, tableRow, quote
        /// A title that names what follows (a tab, step or code block title, a line that is all bold): context for
        /// retrieval, never quoted as an answer.
        case label
        /// A page's summary (its front matter description): context, never quoted as an answer.
        case summary
        /// Navigation to another page (a content-ref, a card, a paragraph or list item that is only a link), with
        /// the link's `target`: shown as a link, never quoted as a sentence.
        case link
    }

    /// The block's kind.
    public var kind: Kind
    /// Plain text with markdown markup removed (code keeps its literal text).
    public var text: String
    /// Where a `.link` block points: a page path of the same space (`getting-started/quickstart`, with `#anchor` if
    /// any) or an absolute URL; `nil` for other kinds.
    public var target: String?

    public init(_ kind: Kind, _ text: String, target: String? = nil) {
        self.kind = kind
        self.text = text
        self.target = target
    }

    /// Whether sentence splitting must keep this block as one unit.
    public var isAtomic: Bool { kind != .paragraph && kind != .quote && kind != .summary }

    /// Whether the block is context (a label, a summary, navigation) rather than something an answer can quote.
    public var isQuotable: Bool { kind != .label && kind != .summary && kind != .link }
}
