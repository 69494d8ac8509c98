import AskbookCore
import Foundation

/// Retrieval and latency metrics over ranked results.
public enum EvalMetrics {
    /// The 1-based rank of the first relevant item, or `nil` when none is in `ranked`.
    public static func firstRelevantRank<T: Equatable>(_ ranked: [T], relevant: (T) -> Bool) -> Int? {
        ranked.firstIndex(where: relevant).map { $0 + 1 }
    }

    /// Share of questions whose first relevant rank is at most `k` (questions without a relevant item count as misses).
    public static func recall(at k: Int, ranks: [Int?]) -> Double {
        guard !ranks.isEmpty else { return 0 }
        return Double(ranks.filter { ($0 ?? .max) <= k }.count) / Double(ranks.count)
    }

    /// Mean reciprocal rank, counting only ranks up to `cutoff`.
    public static func meanReciprocalRank(cutoff: Int, ranks: [Int?]) -> Double {
        guard !ranks.isEmpty else { return 0 }
        return ranks.reduce(0) { total, rank in
            guard let rank, rank <= cutoff else { return total }
            return total + 1 / Double(rank)
        } / Double(ranks.count)
    }

    /// The `p`-th percentile (0…100) by linear interpolation between closest ranks; 0 for no values.
    public static func percentile(_ p: Double, of values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let position = p / 100 * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }

    /// nDCG at `k` with graded relevance (linear gain, as trec_eval and BEIR): DCG = Σ rel_i / log2(i + 1).
    public static func ndcg(at k: Int, ranked: [String], relevance: [String: Int]) -> Double {
        func dcg(_ gains: [Int]) -> Double {
            gains.prefix(k).enumerated().reduce(0) { $0 + Double($1.element) / log2(Double($1.offset + 2)) }
        }
        let ideal = dcg(relevance.values.filter { $0 > 0 }.sorted(by: >))
        return ideal == 0 ? 0 : dcg(ranked.map { relevance[$0] ?? 0 }) / ideal
    }

    /// Share of the relevant documents found in the first `k` of `ranked`.
    public static func recall(at k: Int, ranked: [String], relevance: [String: Int]) -> Double {
        let relevant = Set(relevance.filter { $0.value > 0 }.keys)
        guard !relevant.isEmpty else { return 0 }
        return Double(Set(ranked.prefix(k)).intersection(relevant).count) / Double(relevant.count)
    }

    /// SQuAD's token F1 between a prediction and a gold answer, both normalised.
    public static func f1(_ prediction: String, _ gold: String) -> Double {
        let p = AnswerNormalizer.normalize(prediction).split(separator: " ")
        let g = AnswerNormalizer.normalize(gold).split(separator: " ")
        guard !p.isEmpty, !g.isEmpty else { return p.isEmpty && g.isEmpty ? 1 : 0 }
        var counts: [Substring: Int] = [:]
        for token in g { counts[token, default: 0] += 1 }
        var common = 0
        for token in p where (counts[token] ?? 0) > 0 {
            common += 1
            counts[token]! -= 1
        }
        guard common > 0 else { return 0 }
        let precision = Double(common) / Double(p.count)
        let recall = Double(common) / Double(g.count)
        return 2 * precision * recall / (precision + recall)
    }

    /// SQuAD's exact match after normalisation.
    public static func exactMatch(_ prediction: String, _ gold: String) -> Bool {
        AnswerNormalizer.normalize(prediction) == AnswerNormalizer.normalize(gold)
    }
}
