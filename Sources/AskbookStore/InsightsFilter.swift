import Foundation
import GRDB

/// Which query-log entries an insights reader sees: one organization's, since a date, of some kinds, cut to the
/// spaces a space-limited token may read and, for a space's or a site's insights, to those that searched its spaces.
public struct InsightsFilter: Sendable, Hashable {
    public var organizationID: String
    public var since: Date
    public var kinds: Set<QueryLogEntry.Kind>
    /// Only entries every space of which is among these (a space-limited token's spaces); `nil` for no limit.
    public var within: Set<String>?
    /// Only entries that searched at least one of these (a space's or a site's); `nil` for no limit.
    public var touching: Set<String>?

    public init(
        organizationID: String,
        since: Date,
        kinds: Set<QueryLogEntry.Kind> = Set(QueryLogEntry.Kind.allCases),
        within: Set<String>? = nil,
        touching: Set<String>? = nil
    ) {
        self.organizationID = organizationID
        self.since = since
        self.kinds = kinds
        self.within = within
        self.touching = touching
    }

    /// The `WHERE` clause over `queryLog` aliased `q`, with its arguments; `nil` when no entry can match (an empty
    /// set of spaces or kinds).
    func sql() -> (String, StatementArguments)? {
        guard !kinds.isEmpty, within?.isEmpty != true, touching?.isEmpty != true else { return nil }
        var clauses = ["q.organizationId = ?", "q.createdAt >= ?"]
        var arguments: StatementArguments = [organizationID, since]
        let kindList = kinds.map(\.rawValue).sorted()
        clauses.append("q.kind IN (\(Self.placeholders(kindList.count)))")
        arguments += StatementArguments(kindList)
        if let within {
            let list = within.sorted()
            clauses.append("EXISTS (SELECT 1 FROM queryLogSpace s WHERE s.entryId = q.id)")
            clauses.append(
                "NOT EXISTS (SELECT 1 FROM queryLogSpace s WHERE s.entryId = q.id AND s.spaceId NOT IN (\(Self.placeholders(list.count))))"
            )
            arguments += StatementArguments(list)
        }
        if let touching {
            let list = touching.sorted()
            clauses.append("EXISTS (SELECT 1 FROM queryLogSpace s WHERE s.entryId = q.id AND s.spaceId IN (\(Self.placeholders(list.count))))")
            arguments += StatementArguments(list)
        }
        return (clauses.joined(separator: " AND "), arguments)
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
