import Foundation

/// The evaluation table in markdown: Askbook's metrics, and the baseline with Askbook ÷ baseline where one is given.
public enum EvalTable {
    /// The table for `r`, with the baseline's column and the ratios when `baseline` is given.
    public static func markdown(_ r: EvalReport, baseline: BaselineMetrics?) -> String {
        func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "–" }
        func ratio(_ a: Double?, _ b: Double?) -> String {
            guard let a, let b, b > 0 else { return "–" }
            return String(format: "%.3f", a / b)
        }
        var rows: [(String, Double?, Double?)] = [
            ("recall@1", r.recallAt1, baseline?.recallAt1),
            ("recall@5", r.recallAt5, baseline?.recallAt5),
            ("recall@20", r.recallAt20, baseline?.recallAt20),
            ("MRR@10", r.mrrAt10, baseline?.mrrAt10),
        ]
        if r.ndcgAt10 != nil {
            rows += [("nDCG@10", r.ndcgAt10, baseline?.ndcgAt10), ("recall@100", r.recallAt100, baseline?.recallAt100)]
        }
        let name = baseline?.name ?? "baseline"
        var lines = [
            "Set `\(r.set)`, side `\(r.split.rawValue)`: \(r.questions) questions (\(r.answerable) answerable, \(r.unanswerable) unanswerable).",
            "",
            baseline == nil ? "| metric | Askbook |" : "| metric | Askbook | \(name) | Askbook ÷ \(name) |",
            baseline == nil ? "|---|---|" : "|---|---|---|---|",
        ]
        for (label, mine, theirs) in rows {
            lines.append(baseline == nil ? "| \(label) | \(f(mine)) |" : "| \(label) | \(f(mine)) | \(f(theirs)) | \(ratio(mine, theirs)) |")
        }
        var rest: [(String, String)] = [
            ("page recall@5", f(r.pageRecallAt5)),
            ("answer hit rate", f(r.answerHitRate)),
            ("best-sentence EM / F1", "\(f(r.exactMatch)) / \(f(r.f1))"),
            ("citation precision", f(r.citationPrecision)),
            ("abstained on answerable", f(r.answerableAbstained)),
            ("abstention recall / precision (unanswerable)", "\(f(r.abstentionRecall)) / \(f(r.abstentionPrecision))"),
            ("ask latency p50 / p95 / p99 (ms)", String(format: "%.2f / %.2f / %.2f", r.latencyP50, r.latencyP95, r.latencyP99)),
            ("import (s)", r.importSeconds.map { String(format: "%.2f", $0) } ?? "–"),
        ]
        if let median = r.medianAnswerCharacters {
            rest.insert(("median answer (characters)", String(format: "%.0f", median)), at: 2)
        }
        for (label, value) in rest {
            lines.append(baseline == nil ? "| \(label) | \(value) |" : "| \(label) | \(value) | | |")
        }
        if let p50 = baseline?.latencyP50 {
            lines.append("")
            lines.append(String(format: "\(name) search latency p50 %.2f ms (retrieval only, Python).", p50))
        }
        return lines.joined(separator: "\n")
    }
}
