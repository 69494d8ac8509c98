/// Proposes follow-up questions from the headings of related sections the answer did not use, turned into questions,
/// and keeps only those that, asked back, retrieve their own section.
public struct FollowUpGenerator: Sendable {
    /// How many follow-ups to return at most.
    public var limit: Int = 3
    /// How many candidates to check by retrieval at most.
    public var maxChecks: Int = 10

    static let genericTitles: Set<String> = [
        "overview", "introduction", "example", "examples", "summary", "next steps", "see also", "notes", "note", "faq",
        "related", "resources", "more", "details", "usage", "conclusion", "prerequisites", "before you begin", "what's next",
    ]

    private static let verbs: Set<String> = [
        "add", "create", "install", "configure", "set", "use", "import", "delete", "enable", "disable", "connect", "publish",
        "manage", "run", "ask", "search", "customize", "customise", "invite", "change", "edit", "update", "remove", "build",
        "write", "deploy", "get", "start", "choose", "define", "embed", "insert", "link", "make", "move", "restore", "purge",
        "share", "sync", "test", "troubleshoot", "upgrade", "migrate", "export", "generate", "format", "organize", "rename",
        "review", "merge", "track", "monitor", "secure", "authenticate", "limit", "tune", "measure", "serve", "query", "read",
        "find", "handle", "avoid", "fix", "check", "verify", "view", "open", "switch", "request", "revoke", "rotate", "log",
        "sign", "upload", "download", "translate", "integrate", "install", "access", "control", "apply", "compare", "convert",
    ]

    private static let questionWords: Set<String> = [
        "how", "what", "why", "when", "where", "which", "who", "can", "do", "does", "is", "are", "should", "will",
    ]

    public init() {}

    /// Follow-ups for an answer built from `retrieval`, excluding sections in `used` (`IndexedChunk.sectionKey`s);
    /// `checks` keeps what each candidate retrieved for the next answers of the snapshot.
    public func questions(
        for question: String,
        retrieval: Retrieval,
        used: Set<String>,
        retriever: Retriever,
        spaces: Set<String>?,
        checks: FollowUpCheckCache = FollowUpCheckCache()
    ) -> [String] {
        var candidates: [IndexedSection] = []
        var spaceOfSection: [IndexedSection: String] = [:]
        var seenTitles: Set<String> = [question.lowercased()]
        func consider(_ section: IndexedSection, space: String) {
            guard section.level > 0, !used.contains(IndexedChunk.sectionKey(space: space, page: section.pageID, section: section.sectionID)) else {
                return
            }
            let normalized = section.title.lowercased()
            guard normalized.count > 2, !Self.genericTitles.contains(normalized), seenTitles.insert(normalized).inserted else { return }
            candidates.append(section)
            spaceOfSection[section] = space
        }
        // Sections of retrieved chunks first, then the other sections of the best pages.
        let topHits = retrieval.hits.prefix(6)
        for hit in topHits {
            if let section = retriever.sections(onPageOf: hit.chunk).first(where: { $0.sectionID == hit.chunk.sectionID }) {
                consider(section, space: hit.chunk.spaceID)
            }
        }
        for hit in topHits.prefix(2) {
            for section in retriever.sections(onPageOf: hit.chunk) { consider(section, space: hit.chunk.spaceID) }
        }

        // One retrieval per candidate, stopping at `limit`: a single query scores only its buckets' lists, which a
        // batch (expanded for sgemm) cannot match.
        var result: [String] = []
        for section in candidates.prefix(maxChecks) where result.count < limit {
            guard let followUp = Self.question(fromHeading: section.title), let space = spaceOfSection[section] else { continue }
            let found = checks.sections(of: followUp, spaces: spaces) {
                retriever.retrieve(followUp, spaces: spaces, limit: 3).hits.map(\.chunk.sectionKey)
            }
            if found.contains(IndexedChunk.sectionKey(space: space, page: section.pageID, section: section.sectionID)) {
                result.append(followUp)
            }
        }
        return result
    }

    /// A heading as a question: kept if it already is one, "How do I …?" for a task ("Install X", "How to X"),
    /// "How does … work?" for a gerund, "What is …?" for a noun phrase; `nil` for a heading that starts like a
    /// question but is a statement ("What make run does"), which no rule turns into good English.
    ///
    /// ```swift
    /// FollowUpGenerator.question(fromHeading: "Install Askbook")  // "How do I install Askbook?"
    /// ```
    public static func question(fromHeading heading: String) -> String? {
        let title = heading.trimmingWhitespace().trimmingTrailingPunctuation()
        let words = title.split(separator: " ")
        guard let first = words.first?.lowercased() else { return nil }
        if heading.hasSuffix("?") { return heading.trimmingWhitespace() }
        if questionWords.contains(first) {
            if first == "how", words.count > 2, words[1].lowercased() == "to" {
                return "How do I " + words.dropFirst(2).joined(separator: " ") + "?"
            }
            return nil
        }
        let determiners: Set<String> = ["the", "a", "an", "your", "our", "my", "this", "that", "these", "those", "it", "them"]
        let gerund = first.hasSuffix("ing") && first.count > 5
        let verbLike = verbs.contains(first) || (!gerund && words.count > 2 && determiners.contains(words[1].lowercased()))
        if verbLike { return "How do I " + lowercasingFirstWord(title) + "?" }
        if gerund { return "How does " + lowercasingFirstWord(title) + " work?" }
        // The head of an English noun phrase is its last word ("Code blocks", "Sources and formats").
        let head = words.last!.lowercased()
        let plural = head.count > 3 && head.hasSuffix("s") && !["ss", "us", "is"].contains(where: head.hasSuffix)
        return (plural ? "What are " : "What is ") + title + "?"
    }

    private static func lowercasingFirstWord(_ text: String) -> String {
        let chars = Array(text)
        guard chars.count > 1, chars[0].isUppercase, !chars[1].isUppercase else { return text }
        return chars[0].lowercased() + String(chars.dropFirst())
    }
}

extension String {
    fileprivate func trimmingTrailingPunctuation() -> String {
        var s = self
        while let last = s.last, ".:;!".contains(last) { s.removeLast() }
        return s
    }
}
