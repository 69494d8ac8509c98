import Foundation

/// Unanswered questions about one topic: the docs team's to-do item.
public struct QuestionTopic: Sendable, Hashable, Codable {
    /// A closest page with how many of the topic's questions came near it.
    public struct Page: Sendable, Hashable, Codable {
        public var spaceID: String
        public var pageID: String
        public var path: String
        public var questions: Int
    }

    /// The stemmed terms the questions share, rarest first: what the topic is about.
    public var terms: [String]
    /// How many times questions of the topic were asked (repeats counted).
    public var count: Int
    /// A few of its distinct questions, most recent first.
    public var examples: [String]
    /// The pages its questions came closest to, most often first.
    public var closestPages: [Page]
    public var lastAsked: Date
}
