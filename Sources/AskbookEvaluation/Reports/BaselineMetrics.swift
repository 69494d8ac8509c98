/// The retrieval metrics the BM25 baseline script (`Evaluation/baselines/bm25.py`) prints, read with `--compare`.
public struct BaselineMetrics: Codable, Sendable {
    public var name: String
    public var recallAt1: Double?
    public var recallAt5: Double?
    public var recallAt20: Double?
    public var mrrAt10: Double?
    public var ndcgAt10: Double?
    public var recallAt100: Double?
    public var recallCurve: [Double]?
    public var latencyP50: Double?
    public var latencyP95: Double?

    public init(
        name: String,
        recallAt1: Double? = nil,
        recallAt5: Double? = nil,
        recallAt20: Double? = nil,
        mrrAt10: Double? = nil,
        ndcgAt10: Double? = nil,
        recallAt100: Double? = nil,
        recallCurve: [Double]? = nil,
        latencyP50: Double? = nil,
        latencyP95: Double? = nil
    ) {
        self.name = name
        self.recallAt1 = recallAt1
        self.recallAt5 = recallAt5
        self.recallAt20 = recallAt20
        self.mrrAt10 = mrrAt10
        self.ndcgAt10 = ndcgAt10
        self.recallAt100 = recallAt100
        self.recallCurve = recallCurve
        self.latencyP50 = latencyP50
        self.latencyP95 = latencyP95
    }
}
