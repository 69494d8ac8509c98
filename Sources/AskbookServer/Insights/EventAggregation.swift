import AskbookStore
import Foundation
import HTTPTypes

/// GitBook's `SiteInsightsQueryEventsAggregation` over the columns Askbook keeps (see `SiteEventsController`), and
/// its result, `SiteInsightsQueryEventsAggregationResult`: one column of values per `groupBy` entry, row by row.
struct EventAggregation: Decodable {
    struct Column: Decodable, Equatable {
        var column: String
        var interval: String?
    }

    struct Filter: Decodable {
        var column: String
        var values: [String]
        var `operator`: String?
    }

    struct Order: Decodable {
        var by: Column
        var direction: String
    }

    var `where`: [Filter]?
    var groupBy: [Column]
    var order: Order?
    var range: String

    static let dimensions: Set<String> = ["datetime", "eventType", "siteSpace", "page", "eventSearchQuery", "pageFeedbackRating"]
    static let metrics: Set<String> = ["eventsCount", "sessionsCount", "visitorsCount"]
    static let ranges: [String: Int] = ["lastYear": 365, "last3Months": 90, "last30Days": 30, "last7Days": 7, "last24Hours": 1]
    static let intervals: Set<String> = ["hour", "day", "week", "month"]
    static let maxColumns = 10
    static let maxFilters = 20
    static let maxFilterValues = 100

    /// One result column: GitBook's `SiteInsightsQueryEventsValues`.
    struct Values: Encodable {
        enum Value: Encodable, Hashable {
            case text(String)
            case number(Int)

            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                switch self {
                case .text(let text): try container.encode(text)
                case .number(let number): try container.encode(number)
                }
            }
        }
        var column: String
        var values: [Value]
    }

    struct Result: Encodable {
        var columns: [Values]
    }

    /// - Throws: 400 naming what is unsupported or malformed.
    func validate() throws {
        func bad(_ message: String) -> APIError { APIError(.badRequest, message: message) }
        let supported = (Self.dimensions.union(Self.metrics)).sorted().joined(separator: ", ")
        guard Self.ranges[range] != nil else {
            throw bad("'range' must be one of \(Self.ranges.keys.sorted().joined(separator: ", ")).")
        }
        guard !groupBy.isEmpty, groupBy.count <= Self.maxColumns else { throw bad("'groupBy' must hold 1 to \(Self.maxColumns) columns.") }
        for (index, column) in groupBy.enumerated() {
            guard Self.dimensions.contains(column.column) || Self.metrics.contains(column.column) else {
                throw bad("'groupBy[\(index)].column' '\(column.column.prefix(64))' is not supported; Askbook groups by \(supported).")
            }
            if let interval = column.interval, !Self.intervals.contains(interval) {
                throw bad("'groupBy[\(index)].interval' must be 'hour', 'day', 'week' or 'month'.")
            }
        }
        if let order {
            guard groupBy.contains(where: { $0.column == order.by.column }) else { throw bad("'order.by' must be one of the 'groupBy' columns.") }
            guard order.direction == "asc" || order.direction == "desc" else { throw bad("'order.direction' must be 'asc' or 'desc'.") }
        }
        let filters = self.where ?? []
        guard filters.count <= Self.maxFilters else { throw bad("'where' may hold at most \(Self.maxFilters) filters.") }
        for (index, filter) in filters.enumerated() {
            guard Self.dimensions.contains(filter.column) else {
                throw bad(
                    "'where[\(index)].column' '\(filter.column.prefix(64))' cannot be filtered on; Askbook filters on \(Self.dimensions.sorted().joined(separator: ", "))."
                )
            }
            guard filter.values.count <= Self.maxFilterValues else {
                throw bad("'where[\(index)].values' may hold at most \(Self.maxFilterValues) values.")
            }
            let op = filter.operator ?? "in"
            if filter.column == "datetime" {
                guard ["in", "notIn", "greaterThan", "greaterThanOrEqual", "lessThan", "lessThanOrEqual"].contains(op) else {
                    throw bad("'where[\(index)].operator' is not a SiteInsightsQueryOperator.")
                }
                guard filter.values.allSatisfy({ SiteEventsController.parseTimestamp($0) != nil }) else {
                    throw bad("'where[\(index)].values' must be ISO 8601 dates and times.")
                }
            } else {
                guard op == "in" || op == "notIn" else { throw bad("'where[\(index)].operator' must be 'in' or 'notIn' for '\(filter.column)'.") }
            }
        }
    }

    /// The start of `range` before `now`.
    func start(now: Date = Date()) -> Date {
        now.addingTimeInterval(-Double(Self.ranges[range] ?? 30) * 86_400)
    }

    /// The value of dimension `column` for `event`; `nil` when the event has none (it then falls out of the groups).
    static func value(of column: Column, in event: InsightsEventRecord) -> String? {
        switch column.column {
        case "datetime": return bucket(event.createdAt, interval: column.interval ?? "day")
        case "eventType": return event.type
        case "siteSpace": return event.siteSpaceId
        case "page": return event.pageId
        case "eventSearchQuery": return event.query
        case "pageFeedbackRating":
            return (try? JSONDecoder().decode(SiteEventsController.InsightsEventData.self, from: Data(event.data.utf8)))?.rating
        default: return nil
        }
    }

    /// The ISO 8601 start (UTC) of the `interval` holding `date`; weeks start on Monday.
    static func bucket(_ date: Date, interval: String) -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start: Date
        switch interval {
        case "hour": start = calendar.dateInterval(of: .hour, for: date)?.start ?? date
        case "week": start = calendar.dateInterval(of: .weekOfYear, for: date)?.start ?? date
        case "month": start = calendar.dateInterval(of: .month, for: date)?.start ?? date
        default: start = calendar.dateInterval(of: .day, for: date)?.start ?? date
        }
        return start.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private func passes(_ event: InsightsEventRecord) -> Bool {
        for filter in self.where ?? [] {
            if filter.column == "datetime" {
                let dates = filter.values.compactMap(SiteEventsController.parseTimestamp)
                let date = event.createdAt
                let ok: Bool
                switch filter.operator ?? "in" {
                case "greaterThan": ok = dates.allSatisfy { date > $0 }
                case "greaterThanOrEqual": ok = dates.allSatisfy { date >= $0 }
                case "lessThan": ok = dates.allSatisfy { date < $0 }
                case "lessThanOrEqual": ok = dates.allSatisfy { date <= $0 }
                case "notIn": ok = !dates.contains(date)
                default: ok = dates.contains(date)
                }
                if !ok { return false }
            } else {
                let value = Self.value(of: Column(column: filter.column), in: event)
                let member = value.map(filter.values.contains) ?? false
                if (filter.operator ?? "in") == "notIn" ? member : !member { return false }
            }
        }
        return true
    }

    /// Groups `events` by the dimension columns and counts the metric columns, in `order` (by default the first
    /// metric, descending, else the columns ascending), at most `limit` rows.
    func aggregate(_ events: [InsightsEventRecord], limit: Int) -> Result {
        let dimensionColumns = groupBy.filter { Self.dimensions.contains($0.column) }
        struct Group {
            var events = 0
            var sessions: Set<String> = []
            var visitors: Set<String> = []
        }
        var groups: [[String]: Group] = [:]
        outer: for event in events where passes(event) {
            var key: [String] = []
            for column in dimensionColumns {
                guard let value = Self.value(of: column, in: event) else { continue outer }
                key.append(value)
            }
            groups[key, default: Group()].events += 1
            if let session = event.sessionId { groups[key]!.sessions.insert(session) }
            if let visitor = event.visitorId { groups[key]!.visitors.insert(visitor) }
        }
        var rows: [[Values.Value]] = groups.map { key, group in
            var dimensions = key.makeIterator()
            return groupBy.map { column in
                switch column.column {
                case "eventsCount": .number(group.events)
                case "sessionsCount": .number(group.sessions.count)
                case "visitorsCount": .number(group.visitors.count)
                default: .text(dimensions.next() ?? "")
                }
            }
        }
        let orderIndex =
            order.flatMap { order in groupBy.firstIndex { $0.column == order.by.column } } ?? groupBy.firstIndex { Self.metrics.contains($0.column) }
        let descending = order.map { $0.direction == "desc" } ?? (orderIndex != nil)
        rows.sort { a, b in
            if let index = orderIndex, a[index] != b[index] { return Self.less(a[index], b[index]) != descending }
            // Ties, and no order: the columns in turn, ascending, so the result is stable.
            for (x, y) in zip(a, b) where x != y { return Self.less(x, y) }
            return false
        }
        rows = Array(rows.prefix(limit))
        return Result(columns: groupBy.enumerated().map { index, column in Values(column: column.column, values: rows.map { $0[index] }) })
    }

    private static func less(_ a: Values.Value, _ b: Values.Value) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): x < y
        case (.text(let x), .text(let y)): x < y
        case (.number, .text): true
        case (.text, .number): false
        }
    }
}
