import Foundation
import Testing

@testable import AskbookEvaluation

/// The markdown tables of `askbook eval` and `askbook bench`, compared with golden text written by hand.
@Suite struct ReportTableTests {
    @Test func evalTableWithoutBaselineIsTheGoldenText() {
        let expected = """
            Set `s`, side `test`: 4 questions (3 answerable, 1 unanswerable).

            | metric | Askbook |
            |---|---|
            | recall@1 | 0.500 |
            | recall@5 | 0.750 |
            | recall@20 | 1.000 |
            | MRR@10 | 0.625 |
            | page recall@5 | 0.750 |
            | answer hit rate | 0.500 |
            | best-sentence EM / F1 | 0.250 / 0.400 |
            | citation precision | 1.000 |
            | abstained on answerable | 0.000 |
            | abstention recall / precision (unanswerable) | 1.000 / – |
            | ask latency p50 / p95 / p99 (ms) | 1.23 / 2.50 / 3.00 |
            | import (s) | – |
            """
        #expect(EvalTable.markdown(Self.report(), baseline: nil) == expected)
    }

    @Test func evalTableWithBaselineHasRatiosAndItsLatency() {
        var report = Self.report()
        report.ndcgAt10 = 0.7
        report.recallAt100 = 0.9
        report.importSeconds = 1.5
        let baseline = BaselineMetrics(
            name: "bm25s",
            recallAt1: 0.4,
            recallAt5: 0.5,
            mrrAt10: 0.5,
            ndcgAt10: 0.6,
            recallAt100: 0.9,
            latencyP50: 0.75
        )
        let expected = """
            Set `s`, side `test`: 4 questions (3 answerable, 1 unanswerable).

            | metric | Askbook | bm25s | Askbook ÷ bm25s |
            |---|---|---|---|
            | recall@1 | 0.500 | 0.400 | 1.250 |
            | recall@5 | 0.750 | 0.500 | 1.500 |
            | recall@20 | 1.000 | – | – |
            | MRR@10 | 0.625 | 0.500 | 1.250 |
            | nDCG@10 | 0.700 | 0.600 | 1.167 |
            | recall@100 | 0.900 | 0.900 | 1.000 |
            | page recall@5 | 0.750 | | |
            | answer hit rate | 0.500 | | |
            | best-sentence EM / F1 | 0.250 / 0.400 | | |
            | citation precision | 1.000 | | |
            | abstained on answerable | 0.000 | | |
            | abstention recall / precision (unanswerable) | 1.000 / – | | |
            | ask latency p50 / p95 / p99 (ms) | 1.23 / 2.50 / 3.00 | | |
            | import (s) | 1.50 | | |

            bm25s search latency p50 0.75 ms (retrieval only, Python).
            """
        #expect(EvalTable.markdown(report, baseline: baseline) == expected)
    }

    @Test func benchTableIsTheGoldenText() {
        let expected = """
            **Import and memory**

            | chunks | D | markdown MB | import s | import MB/s | chunks/s | features chunks/s | vectors chunks/s | 1% re-import s | load s | index MB | index B/chunk | stored vector B/chunk | database B/chunk | RSS after load MB | RSS B/chunk | RSS after queries MB |
            | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
            | 10000 | 4096 | 5.3 | 1.50 | 3.50 | 6667 | 20000 | 50000 | 0.40 | 0.25 | 24 | 2400 | 1300 | 15000 | 300 | 30040 | 311 |

            **Queries** (milliseconds; GB/s of index read)

            | chunks | scoring p50 / p99 | non-zero buckets | scoring GB/s | dense p50 | dense GB/s | stream GB/s | search p50 / p99 | batched search q/s | ask p50 / p99 | concurrent asks/s | top-1 = exact Float32 |
            | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
            | 10000 | 0.123 / 0.500 | 80 | 10.0 | 1.600 | 100.0 | 12.3 | 0.29 / 1.20 | 3000 | 2.31 / 5.00 | 801 | 0.999 |
            """
        #expect(BenchTable.markdown([Self.figures()]) == expected)
    }

    // MARK: Helpers

    static func report() -> EvalReport {
        EvalReport(
            set: "s",
            split: .test,
            questions: 4,
            answerable: 3,
            unanswerable: 1,
            recallAt1: 0.5,
            recallAt5: 0.75,
            recallAt20: 1,
            mrrAt10: 0.625,
            recallCurve: [0.5, 0.5, 0.5, 0.5, 0.75],
            ndcgAt10: nil,
            recallAt100: nil,
            pageRecallAt5: 0.75,
            answerHitRate: 0.5,
            exactMatch: 0.25,
            f1: 0.4,
            citationPrecision: 1,
            answerableAbstained: 0,
            abstentionRecall: 1,
            abstentionPrecision: nil,
            latencyP50: 1.234,
            latencyP95: 2.5,
            latencyP99: 3,
            latencies: [],
            importSeconds: nil
        )
    }

    static func figures() -> BenchFigures {
        BenchFigures(
            chunks: 10_000,
            dimension: 4_096,
            markdownMB: 5.3,
            importSeconds: 1.5,
            importMBPerSecond: 3.5,
            importChunksPerSecond: 6_666.7,
            reimportSeconds: 0.4,
            featureChunksPerSecond: 20_000,
            vectorChunksPerSecond: 50_000,
            snapshotLoadSeconds: 0.25,
            scoreP50Milliseconds: 0.123,
            scoreP99Milliseconds: 0.5,
            meanNonZeroBuckets: 80.2,
            scoreReadGBPerSecond: 10.04,
            denseScoreP50Milliseconds: 1.6,
            denseScoreReadGBPerSecond: 100.01,
            searchP50Milliseconds: 0.29,
            searchP99Milliseconds: 1.2,
            batchedSearchQueriesPerSecond: 3_000.4,
            askP50Milliseconds: 2.31,
            askP99Milliseconds: 5,
            concurrentAsksPerSecond: 800.6,
            matrixMB: 24,
            matrixBytesPerChunk: 2_400,
            storedVectorBytesPerChunk: 1_300,
            databaseBytesPerChunk: 15_000,
            residentBytesPerChunk: 30_040,
            residentAfterLoadMB: 300.4,
            residentAfterQueriesMB: 310.6,
            streamingReadGBPerSecond: 12.34,
            agreementWithExactAt1: 0.999
        )
    }
}
