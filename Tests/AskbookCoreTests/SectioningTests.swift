import AskbookCore
import Foundation
import Testing

@Suite struct SectioningTests {
    @Test func summaryGivesPageOrderTitlesAndNesting() throws {
        let content = try #require(try SpaceLoader().load(path: TestSupport.fixture("gitsync"), spaceID: "coffee").first)
        #expect(content.pages.map(\.path) == ["", "guides/brewing", "guides/grinding"])
        #expect(content.pages.map(\.title) == ["Welcome", "Brewing guide", "Grinding beans"])
        #expect(content.pages[2].parentPath == "guides/brewing")
        #expect(content.title == "Welcome")
    }

    @Test func unreadableAndMalformedFilesAreReportedAndSkipped() throws {
        let content = try #require(try SpaceLoader().load(path: TestSupport.fixture("gitsync"), spaceID: "coffee").first)
        let skipped = Dictionary(uniqueKeysWithValues: content.issues.map { ($0.path, $0.reason) })
        #expect(skipped.keys.sorted() == ["guides/cleaning.md", "guides/missing.md"])
        #expect(skipped["guides/cleaning.md"]?.contains("front matter") == true)
        #expect(skipped["guides/missing.md"]?.contains("cannot read") == true)
    }

    @Test func pageIDsAreStableAcrossLoads() throws {
        let first = try SpaceLoader().load(path: TestSupport.fixture("gitsync"), spaceID: "coffee")[0]
        let second = try SpaceLoader().load(path: TestSupport.fixture("gitsync"), spaceID: "coffee")[0]
        #expect(first.pages.map(\.id) == second.pages.map(\.id))
        #expect(Set(first.pages.map(\.id)).count == first.pages.count)
    }

    @Test func everyHeadingStartsASectionWithUniqueGitBookAnchors() throws {
        let page = try brewingPage()
        #expect(page.sections.map(\.id) == ["brewing-guide", "temp", "steps", "bloom-the-coffee", "pour-slowly", "steps-1"])
        #expect(page.sections[3].headingPath == ["Brewing guide", "Steps", "Bloom the coffee"])
        #expect(page.sections[3].level == 3)
    }

    @Test func frontMatterDescriptionJoinsTheFirstSection() throws {
        let page = try brewingPage()
        #expect(page.description == "Everything about brewing a great cup.")
        #expect(page.sections[0].blocks.first?.text == "Everything about brewing a great cup.")
    }

    @Test func gitBookBlocksKeepTheirTextAndDropTheirMarkup() throws {
        let page = try brewingPage()
        let text = page.sections.map(\.text).joined(separator: "\n")
        #expect(text.contains("Never pour boiling water directly on light roasts."))
        #expect(text.contains("Kettle") && text.contains("Heat the kettle to 94 degrees."))
        #expect(text.contains("Video walkthrough of the pour."))
        #expect(text.contains("Store beans in an airtight container away from light."))
        #expect(text.contains("Why bloom?") && text.contains("Blooming releases carbon dioxide"))
        let nonCode = page.sections.flatMap(\.blocks).filter { $0.kind != .code }
        #expect(!nonCode.contains { $0.text.contains("{%") || $0.text.contains("<summary>") })
        let code = page.sections.flatMap(\.blocks).filter { $0.kind == .code }
        #expect(code.map(\.text) == ["{% hint %}this tag is code and stays{% endhint %}\nratio = 1:16"])
    }

    @Test func tablesAndTaskListsBecomeRowsAndItems() throws {
        let blocks = try brewingPage().sections.flatMap(\.blocks)
        #expect(blocks.filter { $0.kind == .tableRow }.map(\.text) == ["Roast | Temperature", "Light | 96 °C", "Dark | 90 °C"])
        #expect(blocks.filter { $0.kind == .listItem }.map(\.text) == ["Weigh the beans", "Rinse the filter"])
    }

    @Test func plainFolderUsesFileTreeOrderAndFirstHeading() throws {
        let content = try SpaceLoader().load(path: TestSupport.fixture("plain"), spaceID: "plain")[0]
        #expect(content.pages.map(\.path) == ["index", "a-first", "b-second", "sub"])
        #expect(content.pages.map(\.title) == ["Plain home", "First page", "Second page", "Sub folder"])
        #expect(content.pages[1].sections.map(\.id) == ["", "first-page"])
    }

    @Test func siteFolderMakesOneSpacePerContentDirectory() throws {
        let spaces = try SpaceLoader().load(path: TestSupport.fixture("site"), spaceID: "site")
        #expect(spaces.map(\.spaceId).sorted() == ["site-alpha", "site-beta"])
        #expect(spaces.first { $0.spaceId == "site-alpha" }?.title == "Alpha space")
        // Each space reads its own SUMMARY.md, which is not a page itself.
        #expect(spaces.allSatisfy { !$0.pages.contains { $0.path == "SUMMARY" } })
    }

    @Test func siteSpacesKnowTheirSiteSectionAndDefaultContent() throws {
        let spaces = try SpaceLoader().load(path: TestSupport.fixture("site"), spaceID: "site")
        let alpha = try #require(spaces.first { $0.spaceId == "site-alpha" }?.site)
        let beta = try #require(spaces.first { $0.spaceId == "site-beta" }?.site)
        #expect(alpha.siteID == "site" && alpha.siteTitle == "Test site")
        // The first space of section 'docs' is its default content (none is marked); beta is outside any section.
        #expect(alpha.section == "docs" && alpha.isDefault)
        #expect(beta.section == nil && beta.isDefault)
        #expect([alpha.position, beta.position].sorted() == [0, 1])
        let plain = try SpaceLoader().load(path: TestSupport.fixture("plain"), spaceID: "plain")
        #expect(plain.allSatisfy { $0.site == nil })
    }

    @Test func missingFolderIsAnError() {
        #expect(throws: AskbookError.self) { try SpaceLoader().load(path: "/nonexistent/askbook", spaceID: "x") }
    }

    @Test(arguments: [
        ("Getting started", "getting-started"),
        ("What's new?", "whats-new"),
        ("  Café au lait  ", "café-au-lait"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("Step 1: install", "step-1-install"),
    ])
    func anchorsFollowGitBookSlugs(title: String, anchor: String) {
        #expect(Anchor.slug(title) == anchor)
    }

    @Test func repeatedAnchorsGetNumberSuffixes() {
        var used: Set<String> = []
        #expect(["a", "a", "a", "b"].map { Anchor.unique($0, in: &used) } == ["a", "a-1", "a-2", "b"])
    }

    // MARK: Helpers

    private func brewingPage() throws -> Page {
        let content = try SpaceLoader().load(path: TestSupport.fixture("gitsync"), spaceID: "coffee")[0]
        return try #require(content.pages.first { $0.path == "guides/brewing" })
    }
}
