/// Splits sections into chunks of at most `maxCharacters`, at block boundaries first, then at sentence
/// boundaries; a code block is split (at lines) only when it alone exceeds the bound. A sentence or line longer than
/// the bound is cut at the last space before it (or, with none, at the bound), so no input makes a larger chunk.
public struct Chunker: Sendable {
    /// The upper bound of a chunk's text in characters (Unicode scalars).
    public let maxCharacters: Int
    private let splitter = SentenceSplitter()

    public init(maxCharacters: Int = 1200) {
        precondition(maxCharacters > 0, "maxCharacters must be positive")
        self.maxCharacters = maxCharacters
    }

    /// The chunks of one section, each carrying `breadcrumb` (space › page › headings).
    public func chunks(of section: Section, breadcrumb: [String]) -> [Chunk] {
        var chunks: [Chunk] = []
        var current: [Block] = []
        var size = 0
        func flush() {
            guard !current.isEmpty else { return }
            chunks.append(Chunk(sectionID: section.id, ordinal: chunks.count, breadcrumb: breadcrumb, blocks: current))
            current = []
            size = 0
        }
        for block in section.blocks {
            for piece in pieces(of: block) {
                let length = Self.scalarCount(piece.text)
                if size > 0, size + 2 + length > maxCharacters { flush() }
                current.append(piece)
                size += (size > 0 ? 2 : 0) + length
            }
        }
        flush()
        return chunks
    }

    /// The number of Unicode scalars of `text`, counted on its UTF-8 bytes (every byte but a continuation byte starts
    /// one): walking the scalar view took about half of the chunker's time on a re-import.
    static func scalarCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var count = 0
            for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
            return count
        }
    }

    /// The block itself when it fits, else runs of its sentences (or lines, for code) that fit.
    private func pieces(of block: Block) -> [Block] {
        guard Self.scalarCount(block.text) > maxCharacters else { return [block] }
        let units: [String]
        let separator: String
        switch block.kind {
        case .code:
            units = block.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            separator = "\n"
        default:
            units = splitter.sentences(of: block.text)
            separator = " "
        }
        var pieces: [Block] = []
        var buffer = ""
        for unit in units.flatMap(cut) {
            if !buffer.isEmpty, buffer.unicodeScalars.count + separator.count + unit.unicodeScalars.count > maxCharacters {
                pieces.append(Block(block.kind, buffer))
                buffer = ""
            }
            buffer += buffer.isEmpty ? unit : separator + unit
        }
        if !buffer.isEmpty { pieces.append(Block(block.kind, buffer)) }
        return pieces
    }

    /// `unit` in pieces of at most `maxCharacters` scalars, each cut at the last whitespace in its second half when
    /// there is one; `[unit]` when it fits.
    private func cut(_ unit: String) -> [String] {
        guard unit.unicodeScalars.count > maxCharacters else { return [unit] }
        let scalars = Array(unit.unicodeScalars)
        var pieces: [String] = []
        var start = 0
        while start < scalars.count {
            var end = min(start + maxCharacters, scalars.count)
            if end < scalars.count,
                let space = scalars[(start + maxCharacters / 2)..<end].lastIndex(where: { $0.properties.isWhitespace })
            {
                end = space
            }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[start..<end])
            let text = String(piece).trimmingWhitespace()
            if !text.isEmpty { pieces.append(text) }
            start = end
        }
        return pieces
    }
}
