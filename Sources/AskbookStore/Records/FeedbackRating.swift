import GRDB

/// A reader's rating of an answer or a page: GitBook's `PageFeedbackRating`, used for answer feedback too.
public enum FeedbackRating: String, Codable, Sendable, Hashable, CaseIterable, DatabaseValueConvertible {
    case bad, ok, good
}
