import AskbookCore
import Foundation

/// Asks every question of a set through the normal ask path (an `AnswerEngine`'s `QuestionAnswerer`, as the CLI and
/// the API do) and aggregates retrieval, answer and abstention metrics with latency.
public struct EvalRunner: Sendable {
    /// The engine asked, over the snapshot the set was imported into.
    public let engine: AnswerEngine
    private let answerer: QuestionAnswerer

    /// A runner asking `engine` with a composer calibrated by `configuration`.
    public init(engine: AnswerEngine, configuration: ComposerConfiguration = ComposerConfiguration()) {
        self.engine = engine
        answerer = engine.answerer(configuration: configuration)
    }

    /// Runs `questions` and returns the report; `importSeconds` is carried into it, and `inspect` sees every question
    /// with its answer (for `askbook eval --dump`).
    public func run(
        _ questions: [EvalQuestion],
        set: String,
        split: EvalSplit,
        importSeconds: Double? = nil,
        inspect: (EvalQuestion, AnswerResult, Retrieval) -> Void = { _, _, _ in }
    ) throws -> EvalReport {
        var ranks: [Int?] = []
        var pageRanks: [Int?] = []
        var ndcgs: [Double] = []
        var recalls100: [Double] = []
        var hits = 0
        var withAnswers = 0
        var f1s: [Double] = []
        var exact = 0
        var answerableAbstained = 0
        var unanswerable = 0
        var unanswerableAbstained = 0
        var citations = 0
        var supported = 0
        var latencies: [Double] = []
        var answerLengths: [Double] = []
        let snapshot = engine.snapshot
        // Chunk texts by section, built once: what a citation's sentence must be found in. Whitespace is compared
        // collapsed, as quoted text shows it (a list item's line break, the space left by an inline icon).
        let sectionTexts = Dictionary(grouping: snapshot.chunks, by: \.sectionKey).mapValues { $0.map { $0.text.collapsingWhitespace() } }
        // Rankings for every question from batched retrievals (sgemm), outside the timed ask path.
        var rankings: [Retrieval] = []
        for start in stride(from: 0, to: questions.count, by: 256) {
            let batch = questions[start..<min(questions.count, start + 256)].map(\.question)
            rankings += engine.retriever.retrieve(batch: batch, limit: 100)
        }
        for (question, ranking) in zip(questions, rankings) {
            let started = DispatchTime.now().uptimeNanoseconds
            let result = try answerer.ask(question.question)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
            inspect(question, result, ranking)
            if !result.composed.abstained { answerLengths.append(Double(result.composed.markdown.count)) }

            for citation in result.composed.citations where !citation.text.isEmpty {
                citations += 1
                let texts = sectionTexts[citation.sectionKey] ?? []
                let quoted = citation.text.collapsingWhitespace()
                if texts.contains(where: { $0.contains(quoted) }) { supported += 1 }
            }
            guard question.isAnswerable else {
                unanswerable += 1
                if result.composed.abstained { unanswerableAbstained += 1 }
                continue
            }
            if result.composed.abstained { answerableAbstained += 1 }

            var sections: [IndexedChunk] = []
            var pages: [String] = []
            for hit in ranking.hits {
                let chunk = hit.chunk
                if !sections.contains(where: { $0.spaceID == chunk.spaceID && $0.pageID == chunk.pageID && $0.sectionID == chunk.sectionID }) {
                    sections.append(chunk)
                }
                if !pages.contains(chunk.pagePath) { pages.append(chunk.pagePath) }
            }
            if let relevance = question.relevant {
                ranks.append(EvalMetrics.firstRelevantRank(pages) { (relevance[$0] ?? 0) > 0 })
                pageRanks.append(ranks.last!)
                ndcgs.append(EvalMetrics.ndcg(at: 10, ranked: pages, relevance: relevance))
                recalls100.append(EvalMetrics.recall(at: 100, ranked: pages, relevance: relevance))
            } else if let gold = question.gold {
                ranks.append(
                    EvalMetrics.firstRelevantRank(sections) { $0.spaceID == gold.space && $0.pagePath == gold.page && $0.sectionID == gold.section }
                )
                pageRanks.append(EvalMetrics.firstRelevantRank(pages) { $0 == gold.page })
            }
            if !question.answers.isEmpty {
                withAnswers += 1
                let markdown = result.answer.answer.markdown ?? ""
                if !result.composed.abstained, AnswerNormalizer.contains(markdown, anyOf: question.answers) { hits += 1 }
                let sentences = result.composed.abstained ? [] : result.composed.citations.map(\.text)
                f1s.append(sentences.flatMap { s in question.answers.map { EvalMetrics.f1(s, $0) } }.max() ?? 0)
                if sentences.contains(where: { s in question.answers.contains { EvalMetrics.exactMatch(s, $0) } }) { exact += 1 }
            }
        }
        let answerable = questions.count - unanswerable
        let abstained = answerableAbstained + unanswerableAbstained
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        return EvalReport(
            set: set,
            split: split,
            questions: questions.count,
            answerable: answerable,
            unanswerable: unanswerable,
            recallAt1: EvalMetrics.recall(at: 1, ranks: ranks),
            recallAt5: EvalMetrics.recall(at: 5, ranks: ranks),
            recallAt20: EvalMetrics.recall(at: 20, ranks: ranks),
            mrrAt10: EvalMetrics.meanReciprocalRank(cutoff: 10, ranks: ranks),
            recallCurve: (1...20).map { EvalMetrics.recall(at: $0, ranks: ranks) },
            ndcgAt10: mean(ndcgs),
            recallAt100: mean(recalls100),
            pageRecallAt5: EvalMetrics.recall(at: 5, ranks: pageRanks),
            answerHitRate: withAnswers == 0 ? nil : Double(hits) / Double(withAnswers),
            exactMatch: withAnswers == 0 ? nil : Double(exact) / Double(withAnswers),
            f1: mean(f1s),
            citationPrecision: citations == 0 ? nil : Double(supported) / Double(citations),
            answerableAbstained: answerable == 0 ? nil : Double(answerableAbstained) / Double(answerable),
            abstentionRecall: unanswerable == 0 ? nil : Double(unanswerableAbstained) / Double(unanswerable),
            abstentionPrecision: unanswerable == 0 || abstained == 0 ? nil : Double(unanswerableAbstained) / Double(abstained),
            latencyP50: EvalMetrics.percentile(50, of: latencies),
            latencyP95: EvalMetrics.percentile(95, of: latencies),
            latencyP99: EvalMetrics.percentile(99, of: latencies),
            latencies: latencies,
            importSeconds: importSeconds,
            medianAnswerCharacters: answerLengths.isEmpty ? nil : EvalMetrics.percentile(50, of: answerLengths)
        )
    }
}
