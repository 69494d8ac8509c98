import Synchronization

/// What each follow-up question retrieved when asked back, per snapshot: the sections of its best hits for a set of
/// readable spaces. A follow-up is checked with a whole retrieval (every row scored), and the same headings come back
/// as follow-ups answer after answer, so an answer on a popular page checks its candidates once per snapshot.
///
/// Bounded by a number of checks; when full it starts over, as `ChunkAnalysisCache` does.
public final class FollowUpCheckCache: Sendable {
    private struct Key: Hashable {
        var question: String
        /// The readable spaces, sorted; `nil` for every space of the snapshot.
        var spaces: [String]?
    }

    /// Checks kept at most.
    public let capacity: Int
    private let entries = Mutex<[Key: [String]]>([:])

    public init(capacity: Int = 8192) {
        self.capacity = capacity
    }

    /// The section keys (`IndexedChunk.sectionKey`) of what `question` retrieves from `spaces`, from `retrieve` the
    /// first time.
    public func sections(of question: String, spaces: Set<String>?, retrieve: () -> [String]) -> [String] {
        let key = Key(question: question, spaces: spaces.map { $0.sorted() })
        if let cached = entries.withLock({ $0[key] }) { return cached }
        let sections = retrieve()
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = sections
        }
        return sections
    }

    /// Number of checks cached now.
    public var count: Int { entries.withLock { $0.count } }
}
