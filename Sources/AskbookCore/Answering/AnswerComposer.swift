/// Writes an extractive markdown answer from retrieved chunks: scores every sentence (query-term coverage weighted by
/// idf, exact similarity to the question, chunk score, heading match, chunk rank), takes the best as the lead, adds
/// supporting sentences chosen by MMR across sources (at most two per page), and cites each sentence's section with
/// a numbered link `[n](page/path#section)`.
///
/// Below a confidence threshold it abstains, says so plainly and lists the closest pages.
public struct AnswerComposer: Sendable {
    public let configuration: ComposerConfiguration

    public init(configuration: ComposerConfiguration = ComposerConfiguration()) {
        self.configuration = configuration
    }

    /// Composes the answer to `question` from `retrieval`; `analyzer` stems sentences as the query was stemmed,
    /// `snapshot` gives each space's idf, and `sentences` caches the candidate chunks' analysed sentences.
    func compose(
        question: String,
        retrieval: Retrieval,
        analyzer: TextAnalyzer,
        snapshot: IndexSnapshot,
        sentences: ChunkAnalysisCache
    ) -> ComposedAnswer {
        let hits = Array(retrieval.hits.prefix(configuration.candidateChunks))
        guard !hits.isEmpty else { return abstention(hits: [], confidence: 0) }
        let candidates = scoreSentences(
            question: question,
            hits: hits,
            queryTerms: retrieval.queryTerms,
            analyzer: analyzer,
            snapshot: snapshot,
            sentences: sentences
        )
        guard let lead = candidates.max(by: { $0.score < $1.score }) else {
            return abstention(hits: hits, confidence: 0)
        }
        let signals = AnswerSignals(retrieval: retrieval, hits: hits, leadCoverage: lead.coverage, snapshot: snapshot, analyzer: analyzer)
        let confidence = 0.5 * min(1, signals.similarity / max(2 * configuration.minTopScore, 1e-6)) + 0.5 * lead.coverage
        if configuration.abstains(signals) {
            var answer = abstention(hits: hits, confidence: confidence)
            answer.signals = signals
            return answer
        }
        let chosen = [lead] + selectSupporting(candidates, lead: lead)
        var answer = render(chosen, confidence: confidence)
        answer.signals = signals
        return answer
    }

    // MARK: Scoring

    struct Candidate {
        var text: String
        var kind: Block.Kind
        var hit: RetrievalHit
        var rank: Int
        var position: Int
        var terms: Set<String>
        var wordCount: Int
        var coverage: Float
        var score: Float
    }

    private func scoreSentences(
        question: String,
        hits: [RetrievalHit],
        queryTerms: [String: Float],
        analyzer: TextAnalyzer,
        snapshot: IndexSnapshot,
        sentences: ChunkAnalysisCache
    ) -> [Candidate] {
        let totalIDF = queryTerms.values.reduce(0, +)
        guard totalIDF > 0, let topScore = hits.first?.score, topScore > 0 else { return [] }
        func coverage(_ terms: Set<String>) -> Float {
            queryTerms.reduce(0) { $0 + (terms.contains($1.key) ? $1.value : 0) } / totalIDF
        }
        let vectorizer = HashedVectorizer(model: snapshot.model)
        let questionFeatures = analyzer.features(text: question)
        var questionWeights: [String: WeightedFeatures] = [:]
        var candidates: [Candidate] = []
        var seen: Set<String> = []
        for (rank, hit) in hits.enumerated() {
            guard let idf = snapshot.segment(space: hit.chunk.spaceID)?.idf else { continue }
            let analysis = sentences.analysis(row: hit.row, chunk: hit.chunk, analyzer: analyzer, idf: idf)
            let weights = questionWeights[hit.chunk.spaceID] ?? vectorizer.exactWeights(questionFeatures, idf: idf)
            questionWeights[hit.chunk.spaceID] = weights
            let headingCoverage = coverage(analysis.headingTerms)
            for sentence in analysis.sentences {
                guard seen.insert(sentence.text).inserted else { continue }
                let cover = coverage(sentence.terms)
                // A sentence sharing no term with the question can neither lead nor support an answer.
                guard cover > 0 else { continue }
                let similarity = weights.cosine(sentence.features)
                var score =
                    0.35 * cover + 0.35 * similarity + 0.15 * hit.score / topScore + 0.1 * headingCoverage
                    + 0.05 / Float(1 + rank)
                if sentence.wordCount < 4 { score *= 0.5 }
                if sentence.wordCount > 80 { score *= 0.8 }
                candidates.append(
                    Candidate(
                        text: sentence.text,
                        kind: sentence.kind,
                        hit: hit,
                        rank: rank,
                        position: sentence.position,
                        terms: sentence.terms,
                        wordCount: sentence.wordCount,
                        coverage: cover,
                        score: score
                    )
                )
            }
        }
        return candidates
    }

    /// MMR: relevance minus similarity to what is already chosen, with a penalty for a section already cited, so one
    /// page does not repeat itself.
    private func selectSupporting(_ candidates: [Candidate], lead: Candidate) -> [Candidate] {
        var chosen = [lead]
        var pool = candidates.filter {
            $0.coverage > 0 && $0.score >= configuration.supportingRatio * lead.score && $0.text != lead.text
                && $0.wordCount >= 4
        }
        let lambda = configuration.mmrLambda
        while chosen.count <= configuration.supportingSentences, !pool.isEmpty {
            var best: (index: Int, value: Float)?
            for (i, candidate) in pool.enumerated() {
                let similarity = chosen.map { jaccard($0.terms, candidate.terms) }.max() ?? 0
                let samePage = chosen.filter {
                    $0.hit.chunk.spaceID == candidate.hit.chunk.spaceID && $0.hit.chunk.pageID == candidate.hit.chunk.pageID
                }
                if similarity > 0.8 || samePage.count >= configuration.sentencesPerPage { continue }
                let sameSection = samePage.contains { $0.hit.chunk.sectionID == candidate.hit.chunk.sectionID }
                let value = lambda * candidate.score - (1 - lambda) * similarity - (sameSection ? 0.1 : 0)
                if value > best?.value ?? -.infinity { best = (i, value) }
            }
            guard let pick = best else { break }
            chosen.append(pool.remove(at: pick.index))
        }
        return Array(chosen.dropFirst())
    }

    private func jaccard(_ a: Set<String>, _ b: Set<String>) -> Float {
        let union = a.union(b).count
        return union == 0 ? 0 : Float(a.intersection(b).count) / Float(union)
    }

    // MARK: Rendering

    private func render(_ chosen: [Candidate], confidence: Float) -> ComposedAnswer {
        var citations: [Citation] = []
        var numbers: [String: Int] = [:]
        var paragraphs: [String] = []
        for (i, candidate) in chosen.enumerated() {
            let chunk = candidate.hit.chunk
            let key = chunk.spaceID + "\u{1F}" + chunk.pageID + "\u{1F}" + chunk.sectionID
            let number = numbers[key] ?? (numbers.count + 1)
            numbers[key] = number
            citations.append(
                Citation(number: number, text: candidate.text, kind: candidate.kind, chunk: chunk)
            )
            let link = "[[\(number)]](\(Self.link(path: chunk.pagePath, section: chunk.sectionID)))"
            let body: String
            switch candidate.kind {
            case .code: body = "```\n\(candidate.text)\n```\n\(link)"
            default: body = (i == 0 ? "" : "- ") + candidate.text + " " + link
            }
            paragraphs.append(body)
        }
        var markdown = paragraphs[0]
        if paragraphs.count > 1 { markdown += "\n\n" + paragraphs.dropFirst().joined(separator: "\n") }
        return ComposedAnswer(markdown: markdown, citations: citations, abstained: false, confidence: confidence)
    }

    private func abstention(hits: [RetrievalHit], confidence: Float) -> ComposedAnswer {
        var lines = [ComposedAnswer.abstentionText]
        var listed: [Citation] = []
        var seenPages: Set<String> = []
        for hit in hits where seenPages.insert(hit.chunk.spaceID + "/" + hit.chunk.pageID).inserted {
            guard listed.count < configuration.closestPages else { break }
            let chunk = hit.chunk
            listed.append(
                Citation(number: listed.count + 1, text: "", chunk: chunk)
            )
        }
        if !listed.isEmpty {
            lines.append(ComposedAnswer.closestPagesText)
            lines.append(listed.map { "- [\($0.pageTitle)](\(Self.link(path: $0.pagePath, section: $0.sectionID)))" }.joined(separator: "\n"))
        }
        return ComposedAnswer(markdown: lines.joined(separator: "\n\n"), citations: listed, abstained: true, confidence: confidence)
    }

    /// The relative link to a section: `page/path#section`; the root page is `./`.
    public static func link(path: String, section: String) -> String {
        let page = path.isEmpty ? "./" : path
        return section.isEmpty ? page : page + "#" + section
    }
}

/// A composed answer and what backs it.
public struct ComposedAnswer: Sendable, Hashable {
    /// The answer in markdown, with numbered citation links.
    public var markdown: String
    /// One entry per sentence used (or, when abstaining, per closest page listed), in order.
    public var citations: [Citation]
    /// Whether the composer declined to answer.
    public var abstained: Bool
    /// A score in 0…1 from the best chunk's cosine and the lead sentence's coverage.
    public var confidence: Float
    /// What the decision to answer was made on; `nil` when nothing was retrieved or no sentence qualified.
    public var signals: AnswerSignals?
}

/// A sentence of the answer and the section it was taken from.
public struct Citation: Sendable, Hashable {

    /// The citation number shown in the markdown (one number per section).
    public var number: Int
    /// The sentence (empty for an abstention's closest page).
    public var text: String
    /// The kind of block the sentence came from (a code block is rendered as code).
    public var kind: Block.Kind = .paragraph
    public var spaceID: String
    public var pageID: String
    public var pagePath: String
    public var pageTitle: String
    public var sectionID: String
    public var sectionTitle: String
}

extension Citation {
    /// A citation of `text` (empty for a closest page) taken from `chunk`'s section.
    init(number: Int, text: String, kind: Block.Kind = .paragraph, chunk: IndexedChunk) {
        self.init(
            number: number,
            text: text,
            kind: kind,
            spaceID: chunk.spaceID,
            pageID: chunk.pageID,
            pagePath: chunk.pagePath,
            pageTitle: chunk.pageTitle,
            sectionID: chunk.sectionID,
            sectionTitle: chunk.sectionTitle
        )
    }
}
