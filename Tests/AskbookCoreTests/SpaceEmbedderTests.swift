import AskbookCore
import Testing

@Suite struct SpaceEmbedderTests {
    private func space(_ block: Block) -> SpaceContent {
        let section = Section(id: "intro", title: "Intro", level: 1, headingPath: ["Intro"], blocks: [Block(.paragraph, "Read on."), block])
        let page = Page(id: "p1", path: "intro", title: "Intro", sourcePath: "intro.md", sections: [section])
        return SpaceContent(spaceId: "docs", title: "Docs", pages: [page])
    }

    @Test func aChunkWhoseBlocksChangeKindGetsANewContentHashThoughItsTextIsTheSame() async throws {
        let model = try TestSupport.model()
        let embedder = SpaceEmbedder(model: model, concurrency: 1)
        let text = await embedder.embed(space(Block(.paragraph, "Quickstart")))
        let link = await embedder.embed(space(Block(.link, "Quickstart", target: "getting-started/quickstart")))
        let again = await embedder.embed(space(Block(.paragraph, "Quickstart")))
        #expect(text.chunks.map(\.chunk.text) == link.chunks.map(\.chunk.text))
        #expect(text.chunks.map(\.contentHash) != link.chunks.map(\.contentHash))
        #expect(text.chunks.map(\.contentHash) == again.chunks.map(\.contentHash))
    }

    @Test func chunkFeaturesDoNotDependOnTheSpaceTheyAreIn() async throws {
        let model = try TestSupport.model()
        var other = space(Block(.paragraph, "Quickstart"))
        other.spaceId = "elsewhere"
        other.title = "Another title"
        let embedder = SpaceEmbedder(model: model, concurrency: 1)
        let here = await embedder.embed(space(Block(.paragraph, "Quickstart")))
        let there = await embedder.embed(other)
        #expect(here.chunks.map(\.features) == there.chunks.map(\.features))
        #expect(here.vectors() == there.vectors())
    }
}
