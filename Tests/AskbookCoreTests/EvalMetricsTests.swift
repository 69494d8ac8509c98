import AskbookCore
import Testing

@Suite struct EvalMetricsTests {
    @Test func recallAndMRRMatchHandComputedValues() {
        let ranks: [Int?] = [1, 3, nil, 12]
        #expect(EvalMetrics.recall(at: 1, ranks: ranks) == 0.25)
        #expect(EvalMetrics.recall(at: 5, ranks: ranks) == 0.5)
        #expect(EvalMetrics.recall(at: 20, ranks: ranks) == 0.75)
        // (1 + 1/3 + 0 + 0) / 4, rank 12 being past the cutoff.
        #expect(abs(EvalMetrics.meanReciprocalRank(cutoff: 10, ranks: ranks) - (4.0 / 3.0) / 4) < 1e-12)
        #expect(EvalMetrics.firstRelevantRank(["a", "b", "c"]) { $0 == "c" } == 3)
    }

    @Test func percentilesInterpolateBetweenRanks() {
        let values: [Double] = [4, 1, 3, 2, 5]
        #expect(EvalMetrics.percentile(50, of: values) == 3)
        #expect(EvalMetrics.percentile(0, of: values) == 1 && EvalMetrics.percentile(100, of: values) == 5)
        #expect(EvalMetrics.percentile(95, of: values) == 4.8)
        #expect(EvalMetrics.percentile(50, of: []) == 0)
    }

    @Test func answersAreNormalisedAsSQuADDoes() {
        #expect(AnswerNormalizer.normalize("The  Denver Broncos!") == "denver broncos")
        #expect(AnswerNormalizer.contains("It was **the Denver Broncos**, in 2016.", anyOf: ["Denver Broncos"]))
        #expect(!AnswerNormalizer.contains("Denverish Broncos", anyOf: ["Denver Broncos"]))
        #expect(!AnswerNormalizer.contains("anything", anyOf: []))
    }
}
