import Foundation

/// Writes `Evaluation/reports/YYYY-MM-DD-bench-dD.md` (D: the vector dimension) (the command, git revision, model, machine and the figures) and an
/// SVG chart beside it of p50 latency against corpus size, both on log scales.
public struct BenchReportWriter {
    let figures: [BenchFigures]
    let context: ReportContext

    /// A writer for `figures`.
    public init(figures: [BenchFigures], context: ReportContext) {
        self.figures = figures
        self.context = context
    }

    /// Writes the report and its chart; returns the report's path.
    public func write() throws -> String {
        let folder = try context.createFolder()
        let dimension = figures.first?.dimension ?? 0
        let header = context.header(extra: [
            "- Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Self.cpuName()); OpenBLAS with one thread per call",
            "- Medians over runs of each run's percentile; see `Evaluation/README.md` for what each figure means.",
        ]
        )
        let stem = "\(header.date)-bench-d\(dimension)"
        try chart().write(toFile: "\(folder)/\(stem)-latency.svg", atomically: true, encoding: .utf8)
        let markdown = """
            # Benchmark: import, scoring, search and ask against corpus size

            \(header.markdown)

            \(BenchTable.markdown(figures))

            ![p50 latency against corpus size](\(stem)-latency.svg)

            """
        let path = "\(folder)/\(stem).md"
        try markdown.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private static func cpuName() -> String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let line = info.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown CPU"
    }

    private func chart() -> String {
        let m = SVGChart.margin
        let plotWidth = SVGChart.width - m - 130
        let plotHeight = SVGChart.height - m - 24
        var series: [(String, String, [Double])] = [
            ("ask", "#1f77b4", figures.map(\.askP50Milliseconds)),
            ("search", "#2ca02c", figures.map(\.searchP50Milliseconds)),
            ("scoring", "#9467bd", figures.map(\.scoreP50Milliseconds)),
            ("dense scoring", "#8c564b", figures.map(\.denseScoreP50Milliseconds)),
        ]
        if figures.allSatisfy({ $0.baseline != nil }) {
            series.append(("FAISS flat, 1 thread", "#d62728", figures.map { $0.baseline!.faissP50Milliseconds }))
            if figures.allSatisfy({ $0.baseline?.bm25sP50Milliseconds != nil }) {
                series.append(("bm25s", "#ff7f0e", figures.map { $0.baseline!.bm25sP50Milliseconds! }))
            }
        }
        let sizes = figures.map { log10(Double(max(1, $0.chunks))) }
        let values = series.flatMap(\.2).filter { $0 > 0 }
        let low = floor(log10(values.min() ?? 0.01))
        let high = ceil(log10(values.max() ?? 10))
        let (left, right) = (sizes.min() ?? 0, max((sizes.max() ?? 1), (sizes.min() ?? 0) + 1))
        func x(_ size: Double) -> Double { m + (size - left) / (right - left) * plotWidth }
        func y(_ ms: Double) -> Double { SVGChart.height - m - (log10(max(ms, 1e-6)) - low) / max(high - low, 1) * plotHeight }
        var body = ""
        for exponent in stride(from: low, through: high, by: 1) {
            let label = exponent < 0 ? String(format: "%g", pow(10, exponent)) : String(format: "%.0f", pow(10, exponent))
            body += "<line x1=\"\(m)\" y1=\(SVGChart.quote(y(pow(10, exponent)))) x2=\(SVGChart.quote(m + plotWidth)) "
            body += "y2=\(SVGChart.quote(y(pow(10, exponent)))) stroke=\"#ddd\"/>"
            body += "<text x=\"\(m - 4)\" y=\(SVGChart.quote(y(pow(10, exponent)) + 4)) text-anchor=\"end\">\(label)</text>\n"
        }
        for (size, figure) in zip(sizes, figures) {
            body +=
                "<text x=\(SVGChart.quote(x(size))) y=\(SVGChart.quote(SVGChart.height - m + 14)) text-anchor=\"middle\">\(figure.chunks)</text>\n"
        }
        for (i, (name, colour, points)) in series.enumerated() {
            let coordinates = zip(sizes, points).map { "\(x($0.0)),\(y($0.1))" }
            body += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(coordinates.joined(separator: " "))\"/>\n"
            for point in coordinates {
                let xy = point.split(separator: ",")
                body += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3\" fill=\"\(colour)\"/>\n"
            }
            body += "<text x=\(SVGChart.quote(m + plotWidth + 10)) y=\(SVGChart.quote(40 + Double(i) * 16)) fill=\"\(colour)\">\(name)</text>\n"
        }
        return SVGChart.frame(title: "p50 latency against corpus size", xLabel: "chunks (log scale)", yLabel: "milliseconds (log scale)", body: body)
    }
}
