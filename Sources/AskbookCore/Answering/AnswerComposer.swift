/// Writes an extractive markdown answer from retrieved chunks: scores every quotable unit (`CandidateScorer`), takes
/// the best as the lead, first completes a lead that lacks the shape of the answer asked for (a number for "how many",
/// a yes or no for "can"), then adds supporting pieces chosen by MMR across sources (at most two per page) within a
/// character budget, keeps each sentence with the block it introduces and cuts long code (`PieceBuilder`), and writes
/// markdown citing each piece's section with a numbered link `[n](page/path#section)` (`AnswerMarkdown`).
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
        let cue = AnswerCue(question: question)
        let scorer = CandidateScorer(cue: cue, cueWeight: configuration.cueWeight)
        let candidates = scorer.candidates(
            question: question,
            hits: hits,
            queryTerms: retrieval.queryTerms,
            analyzer: analyzer,
            snapshot: snapshot,
            sentences: sentences
        )
        let builder = PieceBuilder(
            cue: cue,
            maxCodeLines: configuration.maxCodeLines,
            maxCodeCharacters: configuration.maxCodeCharacters,
            maxItems: configuration.maxItems,
            maxItemCharacters: configuration.maxItemCharacters,
            neighbourCharacters: configuration.neighbourCharacters,
            snapshot: snapshot
        )
        // The best unit whose piece may be quoted: a sentence that introduces code is passed over when the question
        // asks no code, since it cannot come without its block.
        let ranked = candidates.sorted { $0.score > $1.score }
        var leadPiece: AnswerPiece?
        for candidate in ranked {
            let piece = builder.piece(for: candidate, context: configuration.leadContextCharacters)
            if cue.wantsCode || !piece.units.contains(where: { $0.kind == .code }) {
                leadPiece = piece
                break
            }
        }
        guard let leadPiece else { return abstention(hits: hits, confidence: 0) }
        let lead = leadPiece.candidate
        let signals = AnswerSignals(
            question: question,
            retrieval: retrieval,
            hits: hits,
            lead: lead.hit,
            leadCoverage: lead.coverage,
            leadTerms: lead.terms,
            // An answer with the number and unit asked for answers the words that ask for them ("maximum", "length").
            answeredTerms: hasShape(lead: lead, candidates: candidates, cue: cue) ? cue.shapeTerms(analyzer: analyzer) : [],
            snapshot: snapshot,
            analyzer: analyzer
        )
        let confidence = 0.5 * min(1, signals.similarity / max(2 * configuration.minTopScore, 1e-6)) + 0.5 * lead.coverage
        if configuration.abstains(signals) {
            // Say what the documentation never mentions, as a search engine shows "Missing: zapier".
            var note = ""
            if configuration.abstainsOnUnknownNames, !signals.unknownNames.isEmpty {
                let title = snapshot.segment(space: lead.hit.chunk.spaceID)?.spaceTitle ?? ""
                note = (title.isEmpty ? "The documentation" : title) + " never mentions " + Self.list(signals.unknownNames) + "."
            }
            var answer = abstention(hits: hits, confidence: confidence, note: note)
            answer.signals = signals
            return answer
        }
        let pieces = selectPieces(ranked, lead: leadPiece, builder: builder, cue: cue)
        let (markdown, citations) = AnswerMarkdown().render(pieces)
        // The lead piece renders the same alone as first of all: the first paragraph of `markdown`.
        let leadMarkdown = AnswerMarkdown().render([leadPiece]).markdown
        return ComposedAnswer(
            markdown: markdown,
            citations: citations,
            abstained: false,
            confidence: confidence,
            signals: signals,
            lead: leadMarkdown
        )
    }

    // MARK: Selection

    /// Whether the answer will have the shape the question asks for: the lead has it, or a unit that has it completes
    /// the lead (`selectPieces`).
    private func hasShape(lead: AnswerCandidate, candidates: [AnswerCandidate], cue: AnswerCue) -> Bool {
        lead.fit >= 1 || (completes(cue) && candidates.contains(where: canComplete))
    }

    /// Whether a lead without the shape `cue` asks for is completed by a unit that has it.
    private func completes(_ cue: AnswerCue) -> Bool {
        configuration.supportingSentences > 0 && configuration.completedKinds.contains(cue.kind)
    }

    /// Whether `candidate` may complete a lead: it has the shape asked for and comes from one of the first
    /// `completionChunks` chunks.
    private func canComplete(_ candidate: AnswerCandidate) -> Bool {
        candidate.rank < configuration.completionChunks && candidate.wordCount >= 4 && candidate.fit >= 1
    }

    /// The lead's piece, then supporting pieces by MMR: relevance minus similarity to what is already chosen, with a
    /// penalty for a section already cited, so one page does not repeat itself; pieces stop at the character budget.
    private func selectPieces(_ candidates: [AnswerCandidate], lead: AnswerPiece, builder: PieceBuilder, cue: AnswerCue) -> [AnswerPiece] {
        var pieces = [lead]
        var chosen = [lead.candidate]
        var quoted = Set(pieces[0].units.map(\.text))
        var size = pieces[0].characters
        var pool = candidates.filter {
            $0.score >= configuration.supportingRatio * lead.candidate.score && !quoted.contains($0.text) && $0.wordCount >= 4
        }
        // When the lead lacks the shape of the answer asked for ("how many" and no number), the best unit that has it
        // comes next, from one of the first chunks, whatever its score: the fact is often beside the best match.
        if completes(cue), !lead.units.contains(where: { cue.fit($0.text, kind: $0.kind) >= 1 }),
            let fitting = candidates.first(where: { canComplete($0) && !quoted.contains($0.text) })
        {
            let piece = builder.piece(for: fitting)
            if accepts(piece, quoted: quoted, size: size, cue: cue) {
                pieces.append(piece)
                chosen.append(fitting)
                quoted.formUnion(piece.units.map(\.text))
                size += piece.characters
                pool.removeAll { $0.text == fitting.text }
            }
        }
        let lambda = configuration.mmrLambda
        while pieces.count <= configuration.supportingSentences, !pool.isEmpty {
            var best: (index: Int, value: Float)?
            for (i, candidate) in pool.enumerated() {
                let similarity = chosen.map { jaccard($0.terms, candidate.terms) }.max() ?? 0
                let samePage = chosen.filter {
                    $0.hit.chunk.spaceID == candidate.hit.chunk.spaceID && $0.hit.chunk.pageID == candidate.hit.chunk.pageID
                }
                if similarity > 0.8 || samePage.count >= configuration.sentencesPerPage { continue }
                let sameSection = samePage.contains { $0.sectionKey == candidate.sectionKey }
                let value = lambda * candidate.score - (1 - lambda) * similarity - (sameSection ? 0.1 : 0)
                if value > best?.value ?? -.infinity { best = (i, value) }
            }
            guard let pick = best else { break }
            let candidate = pool.remove(at: pick.index)
            let piece = builder.piece(for: candidate)
            guard accepts(piece, quoted: quoted, size: size, cue: cue) else { continue }
            pieces.append(piece)
            chosen.append(candidate)
            quoted.formUnion(piece.units.map(\.text))
            size += piece.characters
        }
        return pieces
    }

    /// Whether a supporting `piece` may join an answer that quotes `quoted` in `size` characters: it repeats nothing,
    /// quotes code only when the question asks for code, and fits the budget.
    private func accepts(_ piece: AnswerPiece, quoted: Set<String>, size: Int, cue: AnswerCue) -> Bool {
        !piece.units.contains { quoted.contains($0.text) } && (cue.wantsCode || !piece.units.contains { $0.kind == .code })
            && size + piece.characters <= configuration.maxAnswerCharacters
    }

    private func jaccard(_ a: Set<String>, _ b: Set<String>) -> Float {
        let union = a.union(b).count
        return union == 0 ? 0 : Float(a.intersection(b).count) / Float(union)
    }

    // MARK: Rendering

    /// "Zapier", "Comet or Neptune", "A, B or C".
    static func list(_ words: [String]) -> String {
        guard let last = words.last, words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " or " + last
    }

    /// An abstention listing the closest pages of `hits`; `note` (plain text) follows the abstention sentence.
    private func abstention(hits: [RetrievalHit], confidence: Float, note: String = "") -> ComposedAnswer {
        var lines = [ComposedAnswer.abstentionText + (note.isEmpty ? "" : " " + AnswerMarkdown.escaped(note))]
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
        var answer = ComposedAnswer(markdown: lines.joined(separator: "\n\n"), citations: listed, abstained: true, confidence: confidence)
        answer.abstentionNote = note
        return answer
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
    /// The lead piece in markdown with its citation link: the start of `markdown`, before the supporting pieces.
    /// Empty for an abstention, whose first paragraph is its whole lead (see `leadOnly`).
    public var lead: String = ""
    /// For an abstention, what follows `abstentionText` in its first paragraph, as plain text: the names the
    /// documentation never mentions ("GitBook Documentation never mentions Zapier."), or empty.
    public var abstentionNote: String = ""
}

/// A sentence of the answer and the section it was taken from.
public struct Citation: Sendable, Hashable {

    /// The citation number shown in the markdown (one number per section).
    public var number: Int
    /// The sentence (empty for an abstention's closest page).
    public var text: String
    /// The kind of block the sentence came from (a code block is rendered as code).
    public var kind: Block.Kind = .paragraph
    /// Which piece of the answer the sentence belongs to, from 0 (the lead): a sentence and the block it introduces
    /// are one piece.
    public var piece: Int = 0
    public var spaceID: String
    public var pageID: String
    public var pagePath: String
    public var pageTitle: String
    public var sectionID: String
    public var sectionTitle: String
}

extension Citation {
    /// A citation of `text` (empty for a closest page) taken from `chunk`'s section.
    init(number: Int, text: String, kind: Block.Kind = .paragraph, piece: Int = 0, chunk: IndexedChunk) {
        self.init(
            number: number,
            text: text,
            kind: kind,
            piece: piece,
            spaceID: chunk.spaceID,
            pageID: chunk.pageID,
            pagePath: chunk.pagePath,
            pageTitle: chunk.pageTitle,
            sectionID: chunk.sectionID,
            sectionTitle: chunk.sectionTitle
        )
    }
}
