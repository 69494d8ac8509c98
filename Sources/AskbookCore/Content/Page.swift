/// One markdown file of a space, split into sections.
public struct Page: Sendable, Hashable, Codable {
    /// Stable id derived from the space and the path, so citations survive re-imports.
    public var id: String
    /// GitBook page path: the file path without `.md`, `README` standing for its folder (`""` for the root README).
    public var path: String
    /// Title from `SUMMARY.md`, else the first heading, else the file name.
    public var title: String
    /// Front matter `description`, if any.
    public var description: String?
    /// Path of the source file relative to the space root.
    public var sourcePath: String
    /// Path of the parent page in `SUMMARY.md` nesting, if any.
    public var parentPath: String?
    /// Sections in document order; their ids are unique in the page.
    public var sections: [Section]
    /// The page as GitBook publishes it in markdown (`PublishedMarkdown`); `nil` when not rendered.
    public var markdown: String?

    public init(
        id: String,
        path: String,
        title: String,
        description: String? = nil,
        sourcePath: String,
        parentPath: String? = nil,
        sections: [Section],
        markdown: String? = nil
    ) {
        self.id = id
        self.path = path
        self.title = title
        self.description = description
        self.sourcePath = sourcePath
        self.parentPath = parentPath
        self.sections = sections
        self.markdown = markdown
    }
}
