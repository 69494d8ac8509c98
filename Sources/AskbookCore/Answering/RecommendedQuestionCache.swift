import Synchronization

/// The recommended questions of each space of one snapshot (`QuestionRecommender`), computed on first use: they
/// depend only on the space's revision, which a snapshot fixes, and cost a retrieval per candidate.
public final class RecommendedQuestionCache: Sendable {
    private let entries = Mutex<[String: [String]]>([:])

    public init() {}

    /// The questions of the space of `segment`, from `compute` the first time.
    public func questions(of segment: IndexSegment, compute: () -> [String]) -> [String] {
        let key = segment.spaceID + "@" + segment.revisionID
        if let cached = entries.withLock({ $0[key] }) { return cached }
        let questions = compute()
        entries.withLock { $0[key] = questions }
        return questions
    }
}
