/// The unit that is embedded: one or more consecutive blocks of one section, of bounded length.
public struct Chunk: Sendable, Hashable, Codable {
    /// The section's anchor in its page.
    public var sectionID: String
    /// Position of the chunk within its section, from 0.
    public var ordinal: Int
    /// Space title, page title and heading path, embedded with the text as heading terms.
    public var breadcrumb: [String]
    /// The chunk's blocks; a block longer than the bound is split at sentences (code at lines).
    public var blocks: [Block]

    public init(sectionID: String, ordinal: Int, breadcrumb: [String], blocks: [Block]) {
        self.sectionID = sectionID
        self.ordinal = ordinal
        self.breadcrumb = breadcrumb
        self.blocks = blocks
    }

    /// The chunk's plain text, blocks separated by blank lines.
    public var text: String { blocks.map(\.text).joined(separator: "\n\n") }
}
