import Testing

@testable import AskbookCore

@Suite struct ChunkerTests {
    @Test(arguments: ["", "plain ascii", "café crème", "日本語のテキスト", "emoji 👩‍👩‍👧 and flags 🇫🇷", "e\u{301} combining"])
    func scalarsAreCountedFromTheBytesAsTheScalarViewCountsThem(text: String) {
        #expect(Chunker.scalarCount(text) == text.unicodeScalars.count)
    }

    @Test(arguments: [120, 300, 1200])
    func chunksStayWithinTheBoundAndKeepAllText(maxCharacters: Int) {
        let section = longSection()
        let chunks = Chunker(maxCharacters: maxCharacters).chunks(of: section, breadcrumb: ["Space", "Page"])
        #expect(chunks.allSatisfy { $0.text.unicodeScalars.count <= maxCharacters })
        #expect(chunks.map(\.ordinal) == Array(0..<chunks.count))
        let words = section.blocks.flatMap { $0.text.split(whereSeparator: \.isWhitespace) }
        let chunkWords = chunks.flatMap { $0.blocks.flatMap { $0.text.split(whereSeparator: \.isWhitespace) } }
        #expect(chunkWords == words)
        #expect(chunks.allSatisfy { $0.breadcrumb == ["Space", "Page"] && $0.sectionID == "s" })
    }

    @Test func oneLineWithoutPunctuationOrSpacesStillMakesBoundedChunks() {
        let words = Block(.paragraph, Array(repeating: "lorem ipsum dolor", count: 3_000).joined(separator: " "))
        let unbroken = Block(.paragraph, String(repeating: "x", count: 5_000))
        let longLine = Block(.code, String(repeating: "y", count: 4_000))
        let section = Section(id: "s", title: "S", level: 1, headingPath: ["S"], blocks: [words, unbroken, longLine])
        let chunks = Chunker(maxCharacters: 1200).chunks(of: section, breadcrumb: [])
        #expect(chunks.allSatisfy { $0.text.unicodeScalars.count <= 1200 })
        let kept = chunks.flatMap(\.blocks).map(\.text).joined().filter { !$0.isWhitespace }
        #expect(kept.count == section.blocks.map(\.text).joined().filter { !$0.isWhitespace }.count)
    }

    @Test func paragraphsSplitAtSentenceBoundaries() {
        let section = longSection()
        let chunks = Chunker(maxCharacters: 120).chunks(of: section, breadcrumb: [])
        for block in chunks.flatMap(\.blocks) where block.kind == .paragraph {
            #expect(block.text.hasSuffix("."))
        }
    }

    @Test func codeBlocksStayWholeUnlessTooLongAlone() {
        let code = Block(.code, (1...6).map { "let value\($0) = compute(\($0))" }.joined(separator: "\n"))
        let section = Section(id: "s", title: "S", level: 2, headingPath: ["S"], blocks: [Block(.paragraph, "Intro sentence."), code])
        let roomy = Chunker(maxCharacters: 400).chunks(of: section, breadcrumb: [])
        #expect(roomy.flatMap(\.blocks).filter { $0.kind == .code }.map(\.text) == [code.text])
        let tight = Chunker(maxCharacters: 100).chunks(of: section, breadcrumb: [])
        let pieces = tight.flatMap(\.blocks).filter { $0.kind == .code }
        #expect(pieces.count > 1)
        #expect(pieces.map(\.text).joined(separator: "\n") == code.text)
    }

    @Test func sentenceSplitterHandlesAbbreviationsAndNumbers() {
        let sentences = SentenceSplitter().sentences(
            of: "Dr. Smith paid 3.5 dollars, e.g. for coffee. It was hot! Was it good? Yes. The U.S. team won."
        )
        #expect(sentences == ["Dr. Smith paid 3.5 dollars, e.g. for coffee.", "It was hot!", "Was it good?", "Yes.", "The U.S. team won."])
    }

    // MARK: Helpers

    private func longSection() -> Section {
        let paragraph = (1...12).map { "Sentence number \($0) talks about brewing coffee at the right temperature." }.joined(separator: " ")
        return Section(
            id: "s",
            title: "S",
            level: 2,
            headingPath: ["S"],
            blocks: [Block(.paragraph, paragraph), Block(.listItem, "A short item."), Block(.paragraph, "A closing sentence.")]
        )
    }
}
