import AskbookCore
import Foundation

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

    /// Reads the metrics JSON the baseline script wrote.
    ///
    /// - Throws: `AskbookError.unreadableFile`, or `.malformedData` when it is not the script's JSON.
    public static func load(path: String) throws -> BaselineMetrics {
        guard let data = FileManager.default.contents(atPath: path) else { throw AskbookError.unreadableFile(path) }
        do {
            return try JSONDecoder().decode(BaselineMetrics.self, from: data)
        } catch {
            throw AskbookError.malformedData(path: path, reason: "not the metrics JSON of Evaluation/baselines/bm25.py (\(error)).")
        }
    }
}
