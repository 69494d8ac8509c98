import AskbookCore
import Foundation

extension QueryLogEntry {
    /// The entry of an ask answered with `sources` (the cited pages, or the closest ones when it abstained) from
    /// `retrieval`.
    public static func ask(
        query: String,
        organization: String,
        spaces: Set<String>,
        sources: [SearchAIAnswerSource],
        abstained: Bool,
        retrieval: Retrieval?,
        since start: ContinuousClock.Instant,
        answerID: String?
    ) -> QueryLogEntry {
        let paths = Dictionary((retrieval?.hits ?? []).map { ($0.chunk.pageID, $0.chunk.pagePath) }, uniquingKeysWith: { first, _ in first })
        return QueryLogEntry(
            kind: .ask,
            organizationID: organization,
            spaces: spaces.sorted(),
            query: query.trimmingWhitespace(),
            resultCount: sources.count,
            pageHits: sources.count,
            sectionHits: sources.reduce(0) { $0 + $1.sections.count },
            abstained: abstained,
            pages: sources.map { Page(spaceId: $0.space, pageId: $0.page, path: paths[$0.page] ?? $0.page) },
            latencyMilliseconds: Self.milliseconds(since: start),
            answerID: answerID
        )
    }

    /// The entry of the first page of a search's `results`: its count of matching sections, the pages of that first
    /// page.
    public static func search(
        query: String,
        organization: String,
        spaces: Set<String>,
        results: SearchResults,
        since start: ContinuousClock.Instant
    ) -> QueryLogEntry {
        let pages = results.items.flatMap { space in space.pages.map { Page(spaceId: space.id, pageId: $0.id, path: $0.path) } }
        return QueryLogEntry(
            kind: .search,
            organizationID: organization,
            spaces: spaces.sorted(),
            query: query.trimmingWhitespace(),
            resultCount: results.count,
            pageHits: pages.count,
            sectionHits: results.count,
            abstained: results.count == 0,
            pages: pages,
            latencyMilliseconds: Self.milliseconds(since: start)
        )
    }

    /// This entry split by the organizations of its spaces (`organizations` maps a space to its organization): one
    /// entry per organization, with that organization's spaces and pages only, so none sees another's. The CLI, which
    /// searches every space, records its queries this way.
    public func split(organizations: [String: String]) -> [QueryLogEntry] {
        let byOrganization = Dictionary(grouping: spaces) { organizations[$0] ?? "" }
        return byOrganization.keys.sorted().filter { !$0.isEmpty }.map { organization in
            var entry = self
            entry.organizationID = organization
            entry.spaces = byOrganization[organization] ?? []
            entry.pages = pages.filter { organizations[$0.spaceId] == organization }
            return entry
        }
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }
}
