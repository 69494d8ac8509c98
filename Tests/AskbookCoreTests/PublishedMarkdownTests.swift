import AskbookCore
import Foundation
import Testing

/// A page's published markdown (`page.md`, `llms-full.txt`): GitBook's blocks as plain markdown, includes resolved.
@Suite struct PublishedMarkdownTests {
    private func render(_ body: String, includes: [String: String] = [:], description: String? = nil) -> String {
        PublishedMarkdown { includes[$0] }.render(body: body, title: "Page", description: description)
    }

    @Test func hintsBecomeBlockquotesWithTheirKind() {
        let markdown = render("# Title\n\n{% hint style=\"warning\" %}\nNever pour **boiling** water.\n\nTwo paragraphs.\n{% endhint %}\n\nAfter.\n")
        #expect(markdown == "# Title\n\n> **Warning**\n>\n> Never pour **boiling** water.\n>\n> Two paragraphs.\n\nAfter.\n")
    }

    @Test func aHintOnOneLineIsQuotedToo() {
        #expect(render("{% hint style=\"info\" %}Short note.{% endhint %}") == "# Page\n\n> **Note**\n>\n> Short note.\n")
    }

    @Test func tabsStepsAndCodeTitlesBecomeBoldLabelsAndContentRefsKeepTheirLink() {
        let body = """
            # Steps

            {% tabs %}
            {% tab title="Kettle" %}
            Heat the kettle.
            {% endtab %}
            {% tab title="Stove" %}
            Use a thermometer.
            {% endtab %}
            {% endtabs %}

            {% content-ref url="guides/cleaning.md" %}
            [Cleaning](guides/cleaning.md)
            {% endcontent-ref %}

            {% code title="recipe.txt" %}
            ```
            {% hint %}this tag is code and stays{% endhint %}
            ```
            {% endcode %}
            """
        let markdown = render(body)
        #expect(markdown.contains("**Kettle**\n\nHeat the kettle.\n\n**Stove**\n\nUse a thermometer."))
        #expect(markdown.contains("\n[Cleaning](guides/cleaning.md)\n"))
        #expect(markdown.contains("**recipe.txt**\n\n```\n{% hint %}this tag is code and stays{% endhint %}\n```"))
        #expect(!markdown.replacingOccurrences(of: "{% hint %}this tag is code and stays{% endhint %}", with: "").contains("{%"))
    }

    @Test func includesAreResolvedAndEmbedsBecomeLinks() {
        let markdown = render(
            "# T\n\n{% include \"tip.md\" %}\n\n{% embed url=\"https://example.com/video\" %}\n",
            includes: ["tip.md": "---\ntitle: x\n---\nA **shared** tip.\n"]
        )
        #expect(markdown == "# T\n\nA **shared** tip.\n\n[https://example.com/video](https://example.com/video)\n")
    }

    @Test func cardTablesBecomeListsOfLinks() {
        let cards = """
            <table data-view="cards"><thead><tr><th></th><th data-hidden data-card-target data-type="content-ref"></th></tr></thead>
            <tbody><tr><td><strong>Sites</strong> Create a site</td><td><a href="sites.md">sites.md</a></td></tr>
            <tr><td>Sections</td><td><a href="sections.md">sections.md</a></td></tr></tbody></table>
            """
        let markdown = render("# Cards\n\n" + cards + "\n\nAfter.\n")
        #expect(markdown == "# Cards\n\n- [Sites Create a site](sites.md)\n- [Sections](sections.md)\n\nAfter.\n")
    }

    @Test func aTitleAndDescriptionAreAddedWhenTheBodyHasNoHeading() {
        #expect(render("Text.\n", description: "What the page is\nabout.") == "# Page\n\n> What the page is about.\n\nText.\n")
        #expect(render("# Own title\n\nText.\n", description: "Summary.") == "# Own title\n\n> Summary.\n\nText.\n")
    }

    @Test func nestedHintsAreQuotedAtMostFourDeep() {
        let markdown = render(String(repeating: "{% hint %}", count: 1000) + "\ndeep\n")
        let deepest = markdown.split(separator: "\n").first { $0.hasSuffix("deep") }
        #expect(deepest == Substring(String(repeating: "> ", count: PublishedMarkdown.maxQuoteDepth) + "deep"))
        #expect(markdown.utf8.count < 60_000)
    }

    @Test func theFixturePageHasNoTemplateTagsOutsideCode() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/gitsync").path
        let content = try SpaceLoader().load(path: folder, spaceID: "coffee")[0]
        let brewing = try #require(content.pages.first { $0.path == "guides/brewing" })
        let markdown = try #require(brewing.markdown)
        #expect(markdown.hasPrefix("# Brewing guide\n\n> Everything about brewing a great cup.\n"))
        #expect(markdown.contains("> **Warning**\n>\n> Never pour boiling water directly on **light roasts**."))
        #expect(markdown.contains("### Bloom the coffee"))
        // The include (.gitbook/includes/shared-tip.md) is in the page, without its front matter or the tag.
        #expect(markdown.contains("Store beans in an airtight container away from light."))
        #expect(!markdown.contains("Shared tip"))
        #expect(!markdown.replacingOccurrences(of: "{% hint %}this tag is code and stays{% endhint %}", with: "").contains("{%"))
    }
}
