/// The pages read from one space's source folder, ready for chunking, with the files that were skipped.
public struct SpaceContent: Sendable {
    /// Space id (for a `docs.yaml` site: the prefix, a dash and the content directory's name).
    public var spaceId: String
    /// Space title from the site configuration or the first page, unless given on the command line.
    public var title: String
    /// Pages in reading order (`SUMMARY.md` order, else file-tree order).
    public var pages: [Page]
    /// Files that could not be read or parsed, with the reason; they were skipped.
    public var issues: [ImportIssue]
    /// Where the space sits in its `docs.yaml` site; `nil` for a space imported on its own.
    public var site: SiteMembership?

    public init(spaceId: String, title: String, pages: [Page], issues: [ImportIssue] = []) {
        self.spaceId = spaceId
        self.title = title
        self.pages = pages
        self.issues = issues
    }
}

/// A file the importer skipped, and why.
public struct ImportIssue: Sendable, Hashable, CustomStringConvertible {
    /// The file's path relative to the source folder.
    public var path: String
    /// What went wrong, in words an author can act on.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
