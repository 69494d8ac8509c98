/// One block of a section's text, kept whole by the chunker and the sentence splitter when it is a code block,
/// a list item or a table row.
public struct Block: Sendable, Hashable, Codable {
    /// What kind of markdown block the text came from.
    public enum Kind: String, Sendable, Hashable, Codable {
        case paragraph, code, listItem, tableRow, quote
    }

    /// The block's kind.
    public var kind: Kind
    /// Plain text with markdown markup removed (code keeps its literal text).
    public var text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    /// Whether sentence splitting must keep this block as one unit.
    public var isAtomic: Bool { kind == .code || kind == .listItem || kind == .tableRow }
}
