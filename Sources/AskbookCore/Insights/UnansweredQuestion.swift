import Foundation

/// A question the docs did not answer: the service abstained, or the reader rated the answer `bad` (or a search
/// found nothing), with the pages it came closest to.
public struct UnansweredQuestion: Sendable, Hashable {
    /// A page the question came closest to.
    public struct Page: Sendable, Hashable, Codable {
        public var spaceID: String
        public var pageID: String
        public var path: String

        public init(spaceID: String, pageID: String, path: String) {
            self.spaceID = spaceID
            self.pageID = pageID
            self.path = path
        }
    }

    public var text: String
    public var askedAt: Date
    /// The closest pages, best first.
    public var pages: [Page]

    public init(text: String, askedAt: Date, pages: [Page]) {
        self.text = text
        self.askedAt = askedAt
        self.pages = pages
    }
}
