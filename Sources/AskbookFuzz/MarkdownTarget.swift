import AskbookCore

/// A page's markdown through the whole page pipeline: GitBook blocks (includes resolved to the input itself, so
/// include bombs and recursion are reachable), front matter, cmark-gfm, sectioning, chunking and feature analysis.
///
/// Holds: no trap or hang, every chunk within the chunk bound, included text within the page's include budget, and the
/// published markdown (`PublishedMarkdown`) within a constant factor of the input and the includes it read.
struct MarkdownTarget: FuzzTarget {
    let name = "markdown"
    let maxSize = 256 << 10
    let model: VectorizerModel
    private let limits: ImportLimits = {
        var limits = ImportLimits()
        limits.maxIncludedBytesPerPage = 1 << 20
        return limits
    }()

    let dictionary = [
        "{% include \"page.md\" %}", "{% hint style=\"info\" %}", "{% endhint %}", "{% tabs %}", "{% tab title=\"T\" %}", "{% endtabs %}",
        "{% code title=\"x.sh\" %}", "{% endcode %}", "{% embed url=\"https://e.x\" %}", "<table data-view=\"cards\">", "</table>",
        "{% openapi src=\"a\" path=\"/x\" method=\"get\" %}", "{%", "%}", "```", "~~~", "\n",
        "\n\n", "# ", "## ", "> ", "- ", "1. ", "* ", "| a | b |\n|---|---|\n", "<details>", "</details>", "<summary>", "<a id=\"x\"></a>",
        "---\n", "description: ", "title: ", "&a ", "*a", "[link](", ")", "![img](", "**", "_", "`", "\\", "&amp;", "<!--", "-->", ". ",
        "e.g. ", "。", "\u{0301}", "👩‍👩‍👧", "\r\n", "\t", "    ",
    ]

    func run(_ input: [UInt8]) async -> String? {
        let markdown = String(decoding: input, as: UTF8.self)
        let includeBudget = ByteBudget(limit: limits.maxIncludedBytesPerPage)
        let blocks = GitBookBlocks(maxIncludeDepth: limits.maxIncludeDepth) { _ in
            includeBudget.spend(markdown.utf8.count) ? markdown : nil
        }
        let sections: [Section]
        do {
            sections = try PageSectioner(blocks: blocks, limits: limits).sections(of: markdown).sections
        } catch {
            return nil  // malformed front matter: reported and skipped by the importer
        }
        let publishedBudget = ByteBudget(limit: limits.maxIncludedBytesPerPage)
        let published = PublishedMarkdown(maxIncludeDepth: limits.maxIncludeDepth) { _ in
            publishedBudget.spend(markdown.utf8.count) ? markdown : nil
        }.render(body: markdown, title: "Page", description: nil)
        // Each line gains at most the quote prefix (2 bytes a level) and a few bytes of markup.
        let bound = (markdown.utf8.count + limits.maxIncludedBytesPerPage) * (2 * PublishedMarkdown.maxQuoteDepth + 4) + 64
        if published.utf8.count > bound {
            return "published markdown of \(published.utf8.count) bytes from \(markdown.utf8.count), past the bound \(bound)"
        }
        let chunker = Chunker(maxCharacters: model.maxChunkCharacters)
        let analyzer = TextAnalyzer(model: model)
        for section in sections {
            for chunk in chunker.chunks(of: section, breadcrumb: ["Space", "Page"] + section.headingPath) {
                if chunk.text.unicodeScalars.count > chunker.maxCharacters {
                    return "a chunk of \(chunk.text.unicodeScalars.count) characters, past the bound \(chunker.maxCharacters)"
                }
                _ = analyzer.features(text: chunk.text, breadcrumb: chunk.breadcrumb)
            }
        }
        return nil
    }
}
