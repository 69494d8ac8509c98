import AskbookCore

/// A page's markdown through the whole page pipeline: GitBook blocks (includes resolved to the input itself, so
/// include bombs and recursion are reachable), front matter, cmark-gfm, sectioning, chunking and feature analysis.
///
/// Holds: no trap or hang, every chunk within the chunk bound, included text within the page's include budget.
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
        "{% code title=\"x.sh\" %}", "{% endcode %}", "{% openapi src=\"a\" path=\"/x\" method=\"get\" %}", "{%", "%}", "```", "~~~", "\n",
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
