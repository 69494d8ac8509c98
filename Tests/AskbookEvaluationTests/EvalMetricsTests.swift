import AskbookCore
import Foundation
import Testing

@testable import AskbookEvaluation

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

    @Test func ndcgAndGradedRecallMatchHandComputedValues() {
        let relevance = ["a": 2, "b": 1, "c": 0]
        // Ranked x, a, b: DCG = 2/log2(3) + 1/log2(4) = 1.26186 + 0.5; ideal a, b: 2/log2(2) + 1/log2(3) = 2 + 0.63093.
        let expected = (2 / log2(3.0) + 0.5) / (2 + 1 / log2(3.0))
        #expect(abs(EvalMetrics.ndcg(at: 10, ranked: ["x", "a", "b"], relevance: relevance) - expected) < 1e-12)
        #expect(EvalMetrics.ndcg(at: 10, ranked: ["a", "b"], relevance: relevance) == 1)
        #expect(EvalMetrics.ndcg(at: 1, ranked: ["x", "a"], relevance: relevance) == 0)
        #expect(EvalMetrics.recall(at: 2, ranked: ["x", "a", "b"], relevance: relevance) == 0.5)
        #expect(EvalMetrics.recall(at: 100, ranked: ["b", "a"], relevance: relevance) == 1)
    }

    @Test func squadF1AndExactMatchMatchTheOfficialScript() {
        // Official SQuAD: "the Denver Broncos" vs "Denver Broncos" → normalised equal.
        #expect(EvalMetrics.exactMatch("the Denver Broncos", "Denver Broncos"))
        #expect(EvalMetrics.f1("the Denver Broncos", "Denver Broncos") == 1)
        // Prediction "Broncos won in Denver" vs gold "Denver Broncos": common 2, P = 2/4, R = 2/2, F1 = 2/3.
        #expect(abs(EvalMetrics.f1("Broncos won in Denver", "Denver Broncos") - 2.0 / 3.0) < 1e-12)
        #expect(EvalMetrics.f1("Carolina Panthers", "Denver Broncos") == 0)
        #expect(!EvalMetrics.exactMatch("Denver", "Denver Broncos"))
    }

    @Test func answersAreNormalisedAsSQuADDoes() {
        #expect(AnswerNormalizer.normalize("The  Denver Broncos!") == "denver broncos")
        #expect(AnswerNormalizer.contains("It was **the Denver Broncos**, in 2016.", anyOf: ["Denver Broncos"]))
        #expect(!AnswerNormalizer.contains("Denverish Broncos", anyOf: ["Denver Broncos"]))
        #expect(!AnswerNormalizer.contains("anything", anyOf: []))
    }
}

@Suite struct EvalRunnerTests {
    @Test func aTinySetGivesTheHandComputedReport() async throws {
        let model = try TestSupport.model()
        let (snapshot, _) = try await TestSupport.snapshot(folder: TestSupport.fixture("gitsync"), space: "coffee", model: model)
        let questions = [
            EvalQuestion(
                id: "1",
                question: "What temperature should the water be?",
                answers: ["90 and 96 degrees"],
                gold: .init(space: "coffee", page: "guides/brewing", section: "temp")
            ),
            EvalQuestion(
                id: "2",
                question: "How fine should I grind the beans?",
                answers: ["like table salt"],
                gold: .init(space: "coffee", page: "guides/grinding", section: "grind-size")
            ),
            EvalQuestion(id: "3", question: "Which stock exchange lists the company?", answers: [], gold: nil),
        ]
        let report = try EvalRunner(engine: AnswerEngine(snapshot: snapshot)).run(questions, set: "coffee", split: .all)
        #expect(report.questions == 3 && report.answerable == 2 && report.unanswerable == 1)
        #expect(report.recallAt1 == 1 && report.mrrAt10 == 1 && report.recallCurve.allSatisfy { $0 == 1 })
        #expect(report.answerHitRate == 1 && report.answerableAbstained == 0)
        #expect(report.abstentionRecall == 1 && report.abstentionPrecision == 1)
        #expect(report.citationPrecision == 1)
        #expect(report.latencies.count == 3 && report.latencyP50 > 0)
    }
}
