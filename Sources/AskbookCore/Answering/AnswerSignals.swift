import Foundation

/// What the composer decides to answer or abstain on, measured for one question.
///
/// Cosine and lead coverage alone let through questions that only share common words with the documentation; the
/// chunk coverage asks whether any single candidate chunk holds most of what the question is about, whether the two
/// rankings agree asks whether the words and the hashed vector point at the same chunk, and whether the names are
/// covered asks whether the lead's space has ever heard of what the question names.
public struct AnswerSignals: Sendable, Hashable, Codable {
    /// The best candidate's cosine with the query.
    public var similarity: Float
    /// The share of the question's idf mass that the lead sentence covers.
    public var leadCoverage: Float
    /// The largest share of the question's idf mass one candidate chunk contains.
    public var chunkCoverage: Float
    /// Whether the best candidate after the exact rerank is also the best by cosine alone, or on its page
    /// (`rankingsAgree(_:)`): when the two stages disagree, the question often matches the documentation's words
    /// without being answered by it.
    public var rankingsAgree: Bool
    /// The names the question mentions (words Capitalised inside it, or with capitals inside, such as "Zapier",
    /// "GraphQL", "W&B") that the lead's space never does, as the question writes them.
    public var unknownNames: [String]
    /// Whether the lead's space knows every name the question mentions: a question about a product the lead's space
    /// never names is one it does not answer.
    public var namesCovered: Bool { unknownNames.isEmpty }

    public init(similarity: Float, leadCoverage: Float, chunkCoverage: Float, rankingsAgree: Bool = true, unknownNames: [String] = []) {
        self.similarity = similarity
        self.leadCoverage = leadCoverage
        self.chunkCoverage = chunkCoverage
        self.rankingsAgree = rankingsAgree
        self.unknownNames = unknownNames
    }

    /// Measures the signals of `hits` (the candidate chunks, best first) for the query terms of `retrieval`.
    /// `answeredTerms` are query terms the lead answers by its shape (`AnswerCue.shapeTerms`): they count as covered by
    /// the lead, whose own terms are `leadTerms`, and by every candidate chunk.
    ///
    /// Term presence is read from the rows' exact word features (`IndexSnapshot.lexical`); without them (a model
    /// with no rerank stage) the chunk coverage is 1.
    init(
        question: String,
        retrieval: Retrieval,
        hits: [RetrievalHit],
        lead: RetrievalHit,
        leadCoverage: Float,
        leadTerms: Set<String> = [],
        answeredTerms: Set<String> = [],
        snapshot: IndexSnapshot,
        analyzer: TextAnalyzer
    ) {
        // In term order, as the candidates' coverage is, so that the signals are the same from run to run.
        let ordered = retrieval.queryTerms.sorted { $0.key < $1.key }
        let total = ordered.reduce(0) { $0 + $1.value }
        var best: Float = 1
        var leadCoverage = leadCoverage
        if total > 0 {
            let answered = ordered.filter { answeredTerms.contains($0.key) && !leadTerms.contains($0.key) }.reduce(0) { $0 + $1.value }
            leadCoverage = min(1, leadCoverage + answered / total)
        }
        if total > 0, !snapshot.lexical.isEmpty {
            let terms = ordered.map { (key: analyzer.wordKey($0.key), idf: $0.value, answered: answeredTerms.contains($0.key)) }
            best =
                hits.map { hit in
                    let words = snapshot.lexical[hit.row]
                    return terms.reduce(0) { $0 + ($1.answered || words.count(of: $1.key) > 0 ? $1.idf : 0) } / total
                }.max() ?? 0
        }
        let similarity = hits.map(\.similarity).max() ?? 0
        self.init(
            similarity: similarity,
            leadCoverage: leadCoverage,
            chunkCoverage: best,
            rankingsAgree: Self.rankingsAgree(hits),
            unknownNames: Self.unknownNames(question: question, lead: lead, hits: hits, snapshot: snapshot, analyzer: analyzer)
        )
    }

    /// Whether the two rankings agree on `hits` (the candidates, best after the rerank first): the best after the
    /// rerank is also the best by cosine alone, or is on the same page. Two stages that pick different passages of one
    /// page agree on what the question is about; only a disagreement on the page says that the question's words and
    /// its vector point to different subjects.
    public static func rankingsAgree(_ hits: [RetrievalHit]) -> Bool {
        guard let top = hits.first, let closest = hits.max(by: { $0.similarity < $1.similarity }), top.similarity < closest.similarity
        else { return true }
        return closest.chunk.spaceID == top.chunk.spaceID && closest.chunk.pageID == top.chunk.pageID
    }

    /// The names `question` mentions: words after its first that are Capitalised or have a capital inside, not words
    /// that say what is asked (`AnswerCue.cueWords`). Words with digits ("MP4", "EC2", "O3") are codes and versions,
    /// not names, and are left out. A question written in Title Case or capitals ("How Do I Change My Avatar?") says
    /// nothing by its capitals: it has no names.
    public static func names(in question: String) -> [String] {
        let words = question.split(whereSeparator: { $0.isWhitespace || "?!,;:()\"'“”‘’/".contains($0) }).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
        }.filter { !$0.isEmpty }.dropFirst()
        let capitalised = words.filter { $0.contains(where: \.isUppercase) }
        if words.count >= 3, 3 * capitalised.count > 2 * words.count { return [] }
        return capitalised.filter { word in
            !word.contains(where: \.isNumber) && !AnswerCue.cueWords.contains(word.lowercased())
        }
    }

    /// The names of `question` the lead's space does not know. A name is known as a word its chunks hold (its idf), a
    /// word of the lead's page, section or space title, or a word one or two edits from a word of the space's
    /// vocabulary (the question misspelt it: "Beyonce", "Merceds"). A name the space never mentions ("Zapier" in docs
    /// that have no Zapier integration, "FastAPI" asked of another product's docs) points to a question the space does
    /// not answer.
    ///
    /// At most `SpellingCorrector.maxLookups` names are looked at, so a long question costs no more than a short one.
    private static func unknownNames(
        question: String,
        lead: RetrievalHit,
        hits: [RetrievalHit],
        snapshot: IndexSnapshot,
        analyzer: TextAnalyzer
    ) -> [String] {
        // German capitalises every noun: there a capital says nothing about a name.
        guard let segment = snapshot.segment(space: lead.chunk.spaceID), segment.language != "german" else { return [] }
        let names = names(in: question).prefix(SpellingCorrector.maxLookups)
        guard !names.isEmpty else { return [] }
        let chunk = lead.chunk
        let titles = Set(analyzer.terms([chunk.pageTitle, chunk.sectionTitle, segment.spaceTitle].joined(separator: " ")))
        let corrector = segment.vocabulary.map { SpellingCorrector(vocabularies: [$0]) }
        return names.filter { name in
            let terms = analyzer.terms(name)
            // Letters joined by "&" ("W&B", "AT&T") are analysed into single letters, which say nothing on their own:
            // such a name is known when a candidate chunk of the lead's space writes it.
            if name.contains("&"), terms.allSatisfy({ $0.count < 2 }) {
                return !hits.contains { hit in
                    hit.chunk.spaceID == chunk.spaceID && hit.chunk.blocks.contains { $0.text.range(of: name, options: .caseInsensitive) != nil }
                }
            }
            // A single letter ("V" of "V&A") names nothing on its own, and a hyphenated name is known by its parts
            // (the analyzer also indexes "disney-abc" whole, which text written "Disney–ABC" never has).
            let known = terms.allSatisfy {
                $0.count < 2 || $0.contains("-") || titles.contains($0) || segment.idf.idf(analyzer.wordKey($0)) != nil
            }
            // A name in odd case ("SUper", "WInston") is split into parts as an identifier, but its chunks hold the word.
            let lowered = name.lowercased()
            guard !known, segment.vocabulary?.documentCount(of: lowered) == nil else { return false }
            return !(corrector?.correct(lowered).corrected ?? true)
        }
    }
}
