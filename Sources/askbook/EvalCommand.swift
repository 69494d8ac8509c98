import ArgumentParser
import AskbookCore
import AskbookStore
import Foundation

/// `askbook eval QUESTIONS.jsonl`: asks every question of a set through the normal ask path and reports retrieval,
/// answer and abstention metrics with latency.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure retrieval and answers on a question set (JSON Lines, see Evaluation/README.md)."
    )

    @Argument(help: "The question set, e.g. Evaluation/questions/handbook.jsonl.")
    var questions: String

    @Option(name: .long, help: "Only ask the first N questions.")
    var limit: Int?

    @Flag(name: .long, help: "Print the metrics as JSON.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() async throws {
        var set = try EvalQuestion.load(path: questions)
        if let limit { set = Array(set.prefix(limit)) }
        guard !set.isEmpty else { throw AskbookError.invalidArgument("The question set \(questions) is empty.") }
        let snapshot = try await storeOptions.loadSnapshot()
        let answerer = QuestionAnswerer(snapshot: snapshot)
        let report = try EvalRun(answerer: answerer).run(set)
        if json {
            print(try JSONOutput.string(report))
        } else {
            print(report.table)
        }
    }
}

/// Runs a question set against an answerer and aggregates the metrics.
struct EvalRun {
    let answerer: QuestionAnswerer

    struct Report: Encodable {
        var questions: Int
        var answerable: Int
        var sectionRecallAt1: Double
        var sectionRecallAt5: Double
        var sectionRecallAt20: Double
        var sectionMRRAt10: Double
        var pageRecallAt5: Double
        var answerHitRate: Double
        var citationPrecision: Double
        var answerableAbstained: Double
        var unanswerableAbstained: Double
        var latencyP50Milliseconds: Double
        var latencyP95Milliseconds: Double
        var latencyP99Milliseconds: Double

        var table: String {
            func f(_ v: Double) -> String { String(format: "%.3f", v) }
            func ms(_ v: Double) -> String { String(format: "%.2f ms", v) }
            return """
                | metric | value |
                |---|---|
                | questions (answerable) | \(questions) (\(answerable)) |
                | section recall@1 / @5 / @20 | \(f(sectionRecallAt1)) / \(f(sectionRecallAt5)) / \(f(sectionRecallAt20)) |
                | section MRR@10 | \(f(sectionMRRAt10)) |
                | page recall@5 | \(f(pageRecallAt5)) |
                | answer hit rate | \(f(answerHitRate)) |
                | citation precision | \(f(citationPrecision)) |
                | abstained: answerable / unanswerable | \(f(answerableAbstained)) / \(f(unanswerableAbstained)) |
                | ask latency p50 / p95 / p99 | \(ms(latencyP50Milliseconds)) / \(ms(latencyP95Milliseconds)) / \(ms(latencyP99Milliseconds)) |
                """
        }
    }

    func run(_ questions: [EvalQuestion]) throws -> Report {
        var sectionRanks: [Int?] = []
        var pageRanks: [Int?] = []
        var hits = 0
        var answerableAbstained = 0
        var unanswerable = 0
        var unanswerableAbstained = 0
        var citations = 0
        var supportedCitations = 0
        var latencies: [Double] = []
        let snapshot = answerer.retriever.snapshot
        // Ranks for every question from one batched retrieval (sgemm), outside the timed ask path.
        let rankings = answerer.retriever.retrieve(batch: questions.map(\.question), limit: 100)
        for (question, ranking) in zip(questions, rankings) {
            let started = DispatchTime.now().uptimeNanoseconds
            let result = try answerer.ask(question.question)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)

            for citation in result.composed.citations where !citation.text.isEmpty {
                citations += 1
                let supported = snapshot.chunks.contains {
                    $0.spaceID == citation.spaceID && $0.pageID == citation.pageID && $0.sectionID == citation.sectionID
                        && $0.text.contains(citation.text)
                }
                if supported { supportedCitations += 1 }
            }
            guard let gold = question.gold, question.isAnswerable else {
                unanswerable += 1
                if result.composed.abstained { unanswerableAbstained += 1 }
                continue
            }
            let ranked = ranking.hits.map(\.chunk)
            var sections: [IndexedChunk] = []
            var pages: [IndexedChunk] = []
            for chunk in ranked {
                if !sections.contains(where: { $0.spaceID == chunk.spaceID && $0.pageID == chunk.pageID && $0.sectionID == chunk.sectionID }) {
                    sections.append(chunk)
                }
                if !pages.contains(where: { $0.spaceID == chunk.spaceID && $0.pageID == chunk.pageID }) { pages.append(chunk) }
            }
            sectionRanks.append(
                EvalMetrics.firstRelevantRank(sections) { $0.spaceID == gold.space && $0.pagePath == gold.page && $0.sectionID == gold.section }
            )
            pageRanks.append(EvalMetrics.firstRelevantRank(pages) { $0.spaceID == gold.space && $0.pagePath == gold.page })
            if result.composed.abstained {
                answerableAbstained += 1
            } else if AnswerNormalizer.contains(result.answer.answer.markdown ?? "", anyOf: question.answers) {
                hits += 1
            }
        }
        let answerable = questions.count - unanswerable
        return Report(
            questions: questions.count,
            answerable: answerable,
            sectionRecallAt1: EvalMetrics.recall(at: 1, ranks: sectionRanks),
            sectionRecallAt5: EvalMetrics.recall(at: 5, ranks: sectionRanks),
            sectionRecallAt20: EvalMetrics.recall(at: 20, ranks: sectionRanks),
            sectionMRRAt10: EvalMetrics.meanReciprocalRank(cutoff: 10, ranks: sectionRanks),
            pageRecallAt5: EvalMetrics.recall(at: 5, ranks: pageRanks),
            answerHitRate: answerable == 0 ? 0 : Double(hits) / Double(answerable),
            citationPrecision: citations == 0 ? 1 : Double(supportedCitations) / Double(citations),
            answerableAbstained: answerable == 0 ? 0 : Double(answerableAbstained) / Double(answerable),
            unanswerableAbstained: unanswerable == 0 ? 0 : Double(unanswerableAbstained) / Double(unanswerable),
            latencyP50Milliseconds: EvalMetrics.percentile(50, of: latencies),
            latencyP95Milliseconds: EvalMetrics.percentile(95, of: latencies),
            latencyP99Milliseconds: EvalMetrics.percentile(99, of: latencies)
        )
    }
}
