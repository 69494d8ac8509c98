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
}
