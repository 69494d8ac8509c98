import AskbookCore
import Foundation

/// Writes `Evaluation/reports/YYYY-MM-DD-<set>.md` with the table, the exact command, the git revision and the model,
/// and two SVG charts beside it: recall@k (Askbook and the baseline) and the ask latency distribution.
public struct EvalReportWriter {
    let result: EvalReport
    let baseline: BaselineMetrics?
    let context: ReportContext

    /// A writer for `result`, compared with `baseline` when given.
    public init(result: EvalReport, baseline: BaselineMetrics?, context: ReportContext) {
        self.result = result
        self.baseline = baseline
        self.context = context
    }

    /// Writes the report and its charts; returns the report's path.
    public func write() throws -> String {
        let folder = try context.createFolder()
        let header = context.header(extra: [
            "- Baseline: \(baseline == nil ? "none" : "`python3 Evaluation/baselines/bm25.py \(result.set) --split \(result.split.rawValue)` (bm25s, Lucene, k1 1.2, b 0.75, stop words, Snowball), passed with `--compare`")"
        ])
        let date = header.date
        let label = EvalSet(rawValue: result.set)?.reportLabel ?? "questions"
        let stem = "\(date)-\(label)-\(result.split.rawValue)"
        try recallChart().write(toFile: "\(folder)/\(stem)-recall.svg", atomically: true, encoding: .utf8)
        try latencyChart().write(toFile: "\(folder)/\(stem)-latency.svg", atomically: true, encoding: .utf8)
        let markdown = """
            # Evaluation: \(result.set) (\(result.split.rawValue) side)

            \(header.markdown)

            \(EvalTable.markdown(result, baseline: baseline))

            ![recall@k](\(stem)-recall.svg)

            ![ask latency](\(stem)-latency.svg)

            """
        let path = "\(folder)/\(stem).md"
        try markdown.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    // MARK: Charts

    private func recallChart() -> String {
        let m = SVGChart.margin
        let plotWidth = SVGChart.width - m - 10
        let plotHeight = SVGChart.height - m - 24
        func x(_ k: Int) -> Double { m + Double(k - 1) / 19 * plotWidth }
        func y(_ v: Double) -> Double { SVGChart.height - m - v * plotHeight }
        var body = ""
        for tick in stride(from: 0.0, through: 1.0, by: 0.2) {
            body += "<line x1=\"\(m)\" y1=\(SVGChart.quote(y(tick))) x2=\"\(SVGChart.width - 10)\" y2=\(SVGChart.quote(y(tick))) stroke=\"#ddd\"/>"
            body += "<text x=\"\(m - 4)\" y=\(SVGChart.quote(y(tick) + 4)) text-anchor=\"end\">\(String(format: "%.1f", tick))</text>\n"
        }
        for k in [1, 5, 10, 15, 20] {
            body += "<text x=\(SVGChart.quote(x(k))) y=\(SVGChart.quote(SVGChart.height - m + 14)) text-anchor=\"middle\">\(k)</text>\n"
        }
        var series = [("Askbook", result.recallCurve, "#1f77b4")]
        if let curve = baseline?.recallCurve, let name = baseline?.name { series.append((name, curve, "#d62728")) }
        for (i, (name, curve, colour)) in series.enumerated() {
            let points = curve.prefix(20).enumerated().map { "\(x($0.offset + 1)),\(y($0.element))" }.joined(separator: " ")
            body += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points)\"/>\n"
            body +=
                "<text x=\(SVGChart.quote(SVGChart.width - 120)) y=\(SVGChart.quote(SVGChart.height - m - 40 + Double(i) * 14)) fill=\"\(colour)\">\(name)</text>\n"
        }
        return SVGChart.frame(title: "Recall@k, \(result.set) (\(result.split.rawValue))", xLabel: "k", yLabel: "recall", body: body)
    }

    private func latencyChart() -> String {
        let m = SVGChart.margin
        let plotWidth = SVGChart.width - m - 10
        let plotHeight = SVGChart.height - m - 24
        let values = result.latencies
        let top = max(EvalMetrics.percentile(99, of: values), 0.001)
        let bins = 30
        var counts = [Int](repeating: 0, count: bins)
        for v in values { counts[min(bins - 1, Int(v / top * Double(bins)))] += 1 }
        let tallest = Double(max(1, counts.max() ?? 1))
        var body = ""
        for (i, count) in counts.enumerated() {
            let barHeight = Double(count) / tallest * plotHeight
            let barX = m + Double(i) / Double(bins) * plotWidth
            body +=
                "<rect x=\(SVGChart.quote(barX)) y=\(SVGChart.quote(SVGChart.height - m - barHeight)) width=\(SVGChart.quote(plotWidth / Double(bins) - 1)) "
            body += "height=\(SVGChart.quote(barHeight)) fill=\"#1f77b4\"/>\n"
        }
        for fraction in [0.0, 0.5, 1.0] {
            body += "<text x=\(SVGChart.quote(m + fraction * plotWidth)) y=\(SVGChart.quote(SVGChart.height - m + 14)) text-anchor=\"middle\">"
            body += "\(String(format: "%.1f", fraction * top))</text>\n"
        }
        let caption = String(
            format: "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (values above p99 in the last bar)",
            result.latencyP50,
            result.latencyP95,
            result.latencyP99
        )
        body += "<text x=\(SVGChart.quote(m + 10)) y=\"40\">\(caption)</text>\n"
        return SVGChart.frame(
            title: "Ask latency, \(result.set) (\(values.count) questions)",
            xLabel: "milliseconds",
            yLabel: "questions",
            body: body
        )
    }
}
