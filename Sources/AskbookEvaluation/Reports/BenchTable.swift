import Foundation

/// `askbook bench` figures as markdown tables: one row per corpus size.
public enum BenchTable {
    /// Two tables (import and memory; queries), and a third side by side with the baselines when they ran.
    public static func markdown(_ figures: [BenchFigures]) -> String {
        func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        func f(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
        var lines = [
            "**Import and memory**", "",
            row([
                "chunks", "D", "markdown MB", "import s", "import MB/s", "chunks/s", "features chunks/s", "vectors chunks/s",
                "1% re-import s", "load s", "index MB", "index B/chunk", "stored vector B/chunk", "database B/chunk",
                "RSS after load MB", "RSS B/chunk", "RSS after queries MB",
            ]),
            row(Array(repeating: "---", count: 17)),
        ]
        for x in figures {
            lines.append(
                row([
                    "\(x.chunks)", "\(x.dimension)", f(x.markdownMB, 1), f(x.importSeconds), f(x.importMBPerSecond), f(x.importChunksPerSecond, 0),
                    f(x.featureChunksPerSecond, 0), f(x.vectorChunksPerSecond, 0), f(x.reimportSeconds), f(x.snapshotLoadSeconds),
                    f(x.matrixMB, 0), f(x.matrixBytesPerChunk, 0), f(x.storedVectorBytesPerChunk, 0), f(x.databaseBytesPerChunk, 0),
                    f(x.residentAfterLoadMB, 0), f(x.residentBytesPerChunk, 0), f(x.residentAfterQueriesMB, 0),
                ])
            )
        }
        lines += [
            "", "**Queries** (milliseconds; GB/s of index read)", "",
            row([
                "chunks", "scoring p50 / p99", "non-zero buckets", "scoring GB/s", "dense p50", "dense GB/s", "stream GB/s",
                "search p50 / p99", "batched search q/s", "ask p50 / p99", "concurrent asks/s", "top-1 = exact Float32",
            ]),
            row(Array(repeating: "---", count: 12)),
        ]
        for x in figures {
            lines.append(
                row([
                    "\(x.chunks)", "\(f(x.scoreP50Milliseconds, 3)) / \(f(x.scoreP99Milliseconds, 3))", f(x.meanNonZeroBuckets, 0),
                    f(x.scoreReadGBPerSecond, 1), f(x.denseScoreP50Milliseconds, 3), f(x.denseScoreReadGBPerSecond, 1),
                    f(x.streamingReadGBPerSecond, 1), "\(f(x.searchP50Milliseconds)) / \(f(x.searchP99Milliseconds))",
                    f(x.batchedSearchQueriesPerSecond, 0), "\(f(x.askP50Milliseconds)) / \(f(x.askP99Milliseconds))",
                    f(x.concurrentAsksPerSecond, 0), x.agreementWithExactAt1.map { f($0, 3) } ?? "–",
                ])
            )
        }
        let compared = figures.compactMap { x in x.baseline.map { (x, $0) } }
        guard !compared.isEmpty else { return lines.joined(separator: "\n") }
        lines += [
            "", "**Side by side** (same queries; FAISS `IndexFlatIP` on the exact Float32 vectors, bm25s on the same chunk texts)", "",
            row([
                "chunks", "FAISS 1 thread p50 / p99", "FAISS all threads p50", "FAISS batch q/s", "bm25s index s",
                "import speed ÷ bm25s index speed", "bm25s p50 / p99", "top-1 agreement", "scoring ÷ FAISS", "dense ÷ FAISS",
                "search ÷ FAISS", "search ÷ bm25s",
            ]),
            row(Array(repeating: "---", count: 12)),
        ]
        for (x, b) in compared {
            let bm25 = b.bm25sP50Milliseconds.map { "\(f($0)) / \(f(b.bm25sP99Milliseconds ?? 0))" } ?? "–"
            lines.append(
                row([
                    "\(x.chunks)", "\(f(b.faissP50Milliseconds, 3)) / \(f(b.faissP99Milliseconds, 3))",
                    "\(f(b.faissAllThreadsP50Milliseconds, 3)) (\(b.faissThreads))", f(b.faissBatchQueriesPerSecond, 0),
                    b.bm25sIndexSeconds.map { f($0) } ?? "–", b.importToBM25sIndexRatio.map { f($0, 3) } ?? "–", bm25,
                    f(b.agreementAt1, 3), f(b.scoreRatio, 3), f(b.denseScoreRatio, 3), f(b.searchRatio, 3),
                    b.searchToBM25sRatio.map { f($0, 3) } ?? "–",
                ])
            )
        }
        return lines.joined(separator: "\n")
    }
}
