/// Turns a page's markdown into sections: every heading level starts one, anchors are GitBook-style and unique in
/// the page, and the text before the first heading (with the front matter description) is the preamble section.
public struct PageSectioner: Sendable {
    private let parser = MarkdownParser()
    private let blocks: GitBookBlocks
    private let limits: ImportLimits

    public init(blocks: GitBookBlocks = GitBookBlocks(), limits: ImportLimits = ImportLimits()) {
        self.blocks = blocks
        self.limits = limits
    }

    /// The page's sections and the title of its first heading (the fallback page title).
    ///
    /// - Throws: `BoundedYAML.Refusal` for malformed front matter or front matter past the limits.
    public func sections(of markdown: String) throws -> (sections: [Section], firstHeading: String?, frontMatter: FrontMatter) {
        let (yaml, body) = FrontMatter.split(markdown)
        let frontMatter = try yaml.map { try FrontMatter.parse($0, limits: limits) } ?? FrontMatter()
        let elements = parser.parse(blocks.expand(body))

        var sections: [Section] = []
        var used: Set<String> = []
        var current = Section(id: "", title: "", level: 0, headingPath: [], blocks: [])
        if let description = frontMatter.description, !description.isEmpty { current.blocks.append(Block(.summary, description)) }
        var stack: [(level: Int, title: String)] = []
        var firstHeading: String?

        for element in elements {
            switch element {
            case .heading(let level, let title, let explicitID):
                if !current.blocks.isEmpty || current.level > 0 { sections.append(current) }
                firstHeading = firstHeading ?? title
                while let last = stack.last, last.level >= level { stack.removeLast() }
                stack.append((level, title))
                let id = Anchor.unique(explicitID ?? Anchor.slug(title), in: &used)
                current = Section(id: id, title: title, level: level, headingPath: stack.map(\.title), blocks: [])
            case .block(let block):
                current.blocks.append(block)
            }
        }
        if !current.blocks.isEmpty || current.level > 0 { sections.append(current) }
        // A front matter description alone before the title joins the title's section rather than standing alone.
        let descriptionOnly = sections.first.map { $0.level == 0 && $0.blocks.count == 1 && $0.blocks[0].text == frontMatter.description } ?? false
        if sections.count > 1, descriptionOnly, sections[1].level == 1 {
            sections[1].blocks.insert(contentsOf: sections[0].blocks, at: 0)
            sections.removeFirst()
        }
        return (sections, firstHeading, frontMatter)
    }
}
