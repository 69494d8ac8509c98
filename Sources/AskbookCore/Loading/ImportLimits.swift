/// The bounds on what one import may cost. Imported content is untrusted: every file read, include followed, YAML node
/// built, page kept and chunk written counts against one of these, and going past one is a clear error or a skipped
/// file, never an unbounded allocation.
///
/// The defaults admit every real documentation set we know of with room to spare (GitBook's public docs are 2 MB in
/// 283 pages) and keep the amplifying inputs (includes, YAML aliases, nesting) from costing more than their own size.
public struct ImportLimits: Sendable, Hashable {
    /// Largest markdown file (a page, an include or `SUMMARY.md`) read, in bytes. Default 8 MiB.
    public var maxFileBytes: Int = 8 << 20
    /// Largest YAML file (`.gitbook.yaml`, `docs.yaml`) or front matter, in bytes. Default 256 KiB.
    public var maxYAMLBytes: Int = 256 << 10
    /// Most YAML nodes a document may hold once its aliases are expanded ("billion laughs"). Default 10,000.
    public var maxYAMLNodes: Int = 10_000
    /// Deepest nesting of `{% include %}` inside includes. Default 2.
    public var maxIncludeDepth: Int = 2
    /// Most bytes one page may pull in through includes, all levels together. Default 1 MiB: includes are reused
    /// snippets, and a page that includes more is more likely a bomb than a page.
    public var maxIncludedBytesPerPage: Int = 1 << 20
    /// Most pages in one space. Default 20,000.
    public var maxPagesPerSpace: Int = 20_000
    /// Most spaces one `docs.yaml` site may declare. Default 100.
    public var maxSpaces: Int = 100
    /// Most files and folders a plain-folder walk looks at. Default 200,000.
    public var maxFolderEntries: Int = 200_000
    /// Most markdown bytes (includes expanded) one import reads over all its pages. Default 64 MiB (30 times
    /// GitBook's public docs); an import costs about 40 times its markdown in memory at its peak.
    public var maxTotalBytes: Int = 64 << 20
    /// Most chunks one space may have. Default 250,000.
    public var maxChunksPerSpace: Int = 250_000

    /// The defaults.
    public init() {}
}
