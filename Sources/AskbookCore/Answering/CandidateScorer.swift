/// One quotable unit of a retrieved chunk (a sentence, list item, table row or code block) scored as a possible
/// piece of the answer.
struct AnswerCandidate {
    var text: String
    var kind: Block.Kind
    var hit: RetrievalHit
    var rank: Int
    /// The chunk's blocks, and the index of this unit's block among them.
    var blocks: [Block]
    var block: Int
    /// Whether the unit ends its block.
    var endsBlock: Bool
    var terms: Set<String>
    var wordCount: Int
    /// Share of the question's idf mass the unit contains (or, for the answer of a documented question, that question
    /// contains, when more).
    var coverage: Float
    /// How well the unit has the shape of the answer asked for (`AnswerCue.fit`).
    var fit: Float
    var score: Float
    /// Whether the unit starts the answer to a question the documentation asks itself (an FAQ entry, a heading ending
    /// in "?").
    var answersQuestion = false

    /// The chunk's section key (`IndexedChunk.sectionKey`).
    var sectionKey: String { hit.chunk.sectionKey }
}

/// Scores the units of retrieved chunks against a question: query-term coverage weighted by idf, exact similarity to
/// the question, the chunk's score and rank, heading match, and how well the unit has the shape of the answer asked
/// for (`AnswerCue`).
///
/// Units that cannot be an answer are left out: labels, page summaries and navigation, units of "Next steps" style
/// sections, lines that repeat a heading, questions, and code blocks when the question asks no code (a code block
/// still comes with the sentence that introduces it; see `PieceBuilder`).
///
/// Documentation often asks questions itself: FAQ entries, `<summary>` lines, headings such as "Can I nest tables?".
/// The block that follows such a question answers it, whatever words it uses ("It's not possible to nest tables"), so
/// its units are matched with the documented question's words as well as their own.
struct CandidateScorer {
    var cue: AnswerCue
    /// Weight of the answer-type fit in a unit's score.
    var cueWeight: Float

    /// Section titles whose content is navigation, not an answer.
    private static let navigationTitles: Set<String> = [
        "next steps", "next step", "whats next", "what next", "see also", "related", "related pages",
        "related articles", "related topics", "learn more", "further reading", "resources", "more resources",
        "additional resources", "recap", "read more", "related guides", "related content",
    ]

    /// Whether a section of this title only points elsewhere.
    static func isNavigation(sectionTitle: String) -> Bool {
        navigationTitles.contains(String(sectionTitle.lowercased().filter { $0.isLetter || $0 == " " }).trimmingWhitespace())
    }

    /// Whether a unit is a template directive a site generator expands (`{* ../src/app.py hl[3] *}`, `{% … %}`,
    /// `{{ … }}`): markup, not text.
    static func isTemplate(_ text: String) -> Bool {
        let trimmed = text.trimmingWhitespace()
        return [("{*", "*}"), ("{%", "%}"), ("{{", "}}")].contains { trimmed.hasPrefix($0.0) && trimmed.hasSuffix($0.1) }
    }

    /// Whether `text` is a question (an FAQ entry's, a heading's): it ends with a question mark.
    static func isQuestion(_ text: String) -> Bool {
        text.trimmingWhitespace().hasSuffix("?")
    }

    /// Whether row `row` is the first chunk of its section.
    private func startsSection(row: Int, snapshot: IndexSnapshot) -> Bool {
        guard row > 0 else { return true }
        let chunk = snapshot.chunks[row]
        let previous = snapshot.chunks[row - 1]
        return previous.sectionID != chunk.sectionID || previous.pageID != chunk.pageID || previous.spaceID != chunk.spaceID
    }

    func candidates(
        question: String,
        hits: [RetrievalHit],
        queryTerms: [String: Float],
        analyzer: TextAnalyzer,
        snapshot: IndexSnapshot,
        sentences: ChunkAnalysisCache
    ) -> [AnswerCandidate] {
        // Summed in term order, not the dictionary's: the same question gets the same coverage to the last bit.
        let ordered = queryTerms.sorted { $0.key < $1.key }
        let totalIDF = ordered.reduce(0) { $0 + $1.value }
        guard totalIDF > 0, let topScore = hits.first?.score, topScore > 0 else { return [] }
        func coverage(_ terms: Set<String>) -> Float {
            ordered.reduce(0) { $0 + (terms.contains($1.key) ? $1.value : 0) } / totalIDF
        }
        let vectorizer = HashedVectorizer(model: snapshot.model)
        let questionFeatures = analyzer.features(text: question)
        var questionWeights: [String: WeightedFeatures] = [:]
        var candidates: [AnswerCandidate] = []
        var seen: Set<String> = []
        for (rank, hit) in hits.enumerated() {
            guard let idf = snapshot.segment(space: hit.chunk.spaceID)?.idf else { continue }
            if Self.isNavigation(sectionTitle: hit.chunk.sectionTitle) { continue }
            let analysis = sentences.analysis(row: hit.row, chunk: hit.chunk, analyzer: analyzer, idf: idf)
            let weights = questionWeights[hit.chunk.spaceID] ?? vectorizer.exactWeights(questionFeatures, idf: idf)
            questionWeights[hit.chunk.spaceID] = weights
            let headingCoverage = coverage(analysis.headingTerms)
            let headings: Set<String> = [hit.chunk.sectionTitle.lowercased(), hit.chunk.pageTitle.lowercased()]
            // The documented question the next block answers, and how well it matches the asked one: a section titled
            // with a question is answered by its first block.
            // `after` is the position of the question when its answer is the rest of the question's own paragraph.
            var asked: (block: Int, after: Int, coverage: Float, similarity: Float)?
            if Self.isQuestion(hit.chunk.sectionTitle), startsSection(row: hit.row, snapshot: snapshot) {
                let title = hit.chunk.sectionTitle
                asked = (
                    analysis.sentences.first { $0.kind != .label }?.block ?? 0,
                    -1,
                    coverage(Set(analyzer.terms(title))),
                    weights.cosine(vectorizer.exactWeights(analyzer.features(text: title), idf: idf))
                )
            }
            for sentence in analysis.sentences {
                if sentence.kind != .code, Self.isQuestion(sentence.text) {
                    // A question is not an answer; what follows it is: the rest of its paragraph ("Why does it
                    // matter? Because …"), or the first block after it.
                    let next =
                        sentence.endsBlock
                        ? analysis.sentences.first { $0.block > sentence.block && $0.kind != .label }?.block ?? -1 : sentence.block
                    asked = (next, sentence.position, coverage(sentence.terms), weights.cosine(sentence.features))
                    continue
                }
                guard Block(sentence.kind, sentence.text).isQuotable, sentence.kind != .code || cue.wantsCode else { continue }
                guard !headings.contains(sentence.text.lowercased()), !Self.isTemplate(sentence.text) else { continue }
                guard seen.insert(sentence.text).inserted else { continue }
                let answered = asked.flatMap { $0.block == sentence.block && sentence.position > $0.after ? $0 : nil }
                let cover = max(coverage(sentence.terms), answered?.coverage ?? 0)
                // A unit sharing no term with the question can neither lead nor support an answer.
                guard cover > 0 else { continue }
                let similarity = max(weights.cosine(sentence.features), answered?.similarity ?? 0)
                var score =
                    0.35 * cover + 0.35 * similarity + 0.15 * hit.score / topScore + 0.1 * headingCoverage
                    + 0.05 / Float(1 + rank)
                let fit = cue.fit(sentence.text, kind: sentence.kind)
                score += cueWeight * fit
                if sentence.wordCount < 4 { score *= 0.5 }
                if sentence.wordCount > 80 { score *= 0.8 }
                candidates.append(
                    AnswerCandidate(
                        text: sentence.text,
                        kind: sentence.kind,
                        hit: hit,
                        rank: rank,
                        blocks: analysis.blocks,
                        block: sentence.block,
                        endsBlock: sentence.endsBlock,
                        terms: sentence.terms,
                        wordCount: sentence.wordCount,
                        coverage: cover,
                        fit: fit,
                        score: score,
                        answersQuestion: answered != nil
                    )
                )
            }
        }
        return candidates
    }
}
