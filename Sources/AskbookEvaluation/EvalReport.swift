import Foundation

/// The metrics of one evaluation run; field names match the BM25 baseline script's JSON.
public struct EvalReport: Codable, Sendable {
    public var set: String
    public var split: EvalSplit
    public var questions: Int
    public var answerable: Int
    public var unanswerable: Int
    /// Recall of the gold section (graded sets: of any relevant document) at 1, 5, 20.
    public var recallAt1: Double
    public var recallAt5: Double
    public var recallAt20: Double
    public var mrrAt10: Double
    /// Recall at k = 1…20.
    public var recallCurve: [Double]
    public var ndcgAt10: Double?
    public var recallAt100: Double?
    public var pageRecallAt5: Double
    /// Share of questions with answer strings whose composed markdown contains one (SQuAD normalisation).
    public var answerHitRate: Double?
    /// SQuAD exact match and F1 of the best cited sentence against the gold answers.
    public var exactMatch: Double?
    public var f1: Double?
    /// Cited sentences found in the section they cite.
    public var citationPrecision: Double?
    public var answerableAbstained: Double?
    /// Share of unanswerable questions abstained on, and share of abstentions that were on unanswerable questions.
    public var abstentionRecall: Double?
    public var abstentionPrecision: Double?
    /// Ask latency in milliseconds.
    public var latencyP50: Double
    public var latencyP95: Double
    public var latencyP99: Double
    public var latencies: [Double]
    public var importSeconds: Double?
    /// Median length in characters of the composed markdown of answered (not abstained) questions.
    public var medianAnswerCharacters: Double? = nil
}
