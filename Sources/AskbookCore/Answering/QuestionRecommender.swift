/// Recommends questions a reader of a space could ask, from its content: page titles and headings turned into
/// questions (`FollowUpGenerator.question(fromHeading:)`), each kept only if asking it retrieves the page or section it
/// came from (the follow-up check).
///
/// The important ones come first: pages near the top of the table of contents and pages with many sections, spread
/// over pages (each page's best candidate before any page's second). Each check costs one retrieval, so at most
/// `maxChecks` candidates are checked per space; `AnswerEngine.recommendedQuestions(spaces:)` caches the result per
/// snapshot.
///
/// ```swift
/// let questions = QuestionRecommender().questions(in: segment, retriever: engine.retriever)
/// ```
public struct QuestionRecommender: Sendable {
    /// The most questions kept per space.
    public var perSpace = 20
    /// The most candidates checked by retrieval per space.
    public var maxChecks = 60

    public init() {}

    /// The recommended questions of `segment`'s space, most important first; only pages in `pages` when given.
    public func questions(in segment: IndexSegment, pages: Set<String>? = nil, retriever: Retriever) -> [String] {
        // Pages in table-of-contents order with their sections.
        var order: [String] = []
        var sectionsByPage: [String: [IndexedSection]] = [:]
        for section in segment.sections where pages?.contains(section.pageID) ?? true {
            if sectionsByPage[section.pageID] == nil { order.append(section.pageID) }
            sectionsByPage[section.pageID, default: []].append(section)
        }
        // Importance: more sections and a higher place in the table of contents.
        let ranked = order.enumerated().sorted { a, b in
            let scoreA = Double(sectionsByPage[a.element]!.count).squareRoot() / Double(a.offset + 1).squareRoot()
            let scoreB = Double(sectionsByPage[b.element]!.count).squareRoot() / Double(b.offset + 1).squareRoot()
            return scoreA != scoreB ? scoreA > scoreB : a.offset < b.offset
        }.map(\.element)

        // Each page's candidates: its title, then its headings, as questions.
        var seen: Set<String> = []
        let candidates: [[(question: String, section: IndexedSection)]] = ranked.map { page in
            var list: [(question: String, section: IndexedSection)] = []
            for section in sectionsByPage[page]! {
                let title = section.level == 0 || section.title.isEmpty ? section.pageTitle : section.title
                let normalized = title.lowercased()
                guard normalized.count > 2, !FollowUpGenerator.genericTitles.contains(normalized),
                    let question = FollowUpGenerator.question(fromHeading: title), seen.insert(question.lowercased()).inserted
                else { continue }
                list.append((question, section))
            }
            return list
        }

        var result: [String] = []
        var checks = 0
        var round = 0
        while result.count < perSpace, checks < maxChecks, candidates.contains(where: { $0.count > round }) {
            for list in candidates where list.count > round && result.count < perSpace && checks < maxChecks {
                let candidate = list[round]
                checks += 1
                let hits = retriever.retrieve(candidate.question, spaces: [segment.spaceID], limit: 3).hits
                // A page title's question may retrieve any section of its page; a heading's, its own section.
                let found = hits.contains { hit in
                    hit.chunk.pageID == candidate.section.pageID
                        && (candidate.section.level == 0 || hit.chunk.sectionID == candidate.section.sectionID)
                }
                if found { result.append(candidate.question) }
            }
            round += 1
        }
        return result
    }

    /// Questions of several spaces, spread over them (each space's first before any space's second), at most `limit`.
    public static func spread(_ lists: [[String]], limit: Int) -> [String] {
        var result: [String] = []
        var seen: Set<String> = []
        var round = 0
        while result.count < limit, lists.contains(where: { $0.count > round }) {
            for list in lists where list.count > round && result.count < limit {
                if seen.insert(list[round].lowercased()).inserted { result.append(list[round]) }
            }
            round += 1
        }
        return result
    }
}
