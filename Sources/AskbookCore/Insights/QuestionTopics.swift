import Foundation

/// Groups unanswered questions into topics: two questions belong together when they share one of their rarest
/// terms, or when their hashed vectors are close.
///
/// A term's rarity is its idf in the corpus the questions were asked of (`statistics`): a term the docs never use
/// (the missing topic itself, often) is the rarest of all, and only a term in a few chunks at most
/// (`distinctiveFraction`) links questions. Without statistics, rarity is counted over the questions.
/// Each question's `keyTermCount` rarest terms are its keys (ties to the term more questions share); its hashed vector (`HashedVectorizer` buckets and signs,
/// (1 + ln tf) × idf, unseen features at the unseen idf, so a term the docs lack still counts) is compared by cosine.
/// Groups are the connected components of those links, so the result does not depend on the input order.
///
/// ```swift
/// let topics = QuestionTopics(model: model).group(questions, analyzer: analyzer, statistics: statistics)
/// ```
public struct QuestionTopics: Sendable {
    /// How many of a question's rarest terms are its keys.
    public var keyTermCount = 2
    /// The cosine at or above which two questions are linked.
    public var similarity: Float = 0.5
    /// A shared key term links two questions only when it is this rare in the corpus: in at most this fraction of its
    /// chunks (and at most 2 chunks in a small corpus). A rare but ordinary word ("several", "see") of two unrelated
    /// questions then does not join them; a word the docs never use always does.
    public var distinctiveFraction: Float = 0.002
    /// Examples kept per topic.
    public var exampleCount = 3
    /// Closest pages kept per topic.
    public var pageCount = 3
    /// The most questions grouped; the newest are kept (the grouping is quadratic in the count).
    public static let maxQuestions = 2000

    let vectorizer: HashedVectorizer

    public init(model: VectorizerModel) {
        vectorizer = HashedVectorizer(model: model)
    }

    /// The topics of `questions`, the most asked first (then the most recently asked).
    public func group(_ questions: [UnansweredQuestion], analyzer: TextAnalyzer, statistics: CorpusStatistics?) -> [QuestionTopic] {
        let questions = Array(questions.sorted { $0.askedAt > $1.askedAt }.prefix(Self.maxQuestions))
        guard !questions.isEmpty else { return [] }
        let features = questions.map { analyzer.features(text: $0.text) }
        let terms = questions.map { Array(Set(analyzer.terms($0.text))) }
        // Rarity: the corpus's idf, else document frequencies over the questions themselves.
        let local = IDFTable(features: features)
        func idf(_ key: UInt64) -> Float {
            if let statistics { return statistics.idf(key) ?? statistics.unseenIDF }
            return local.idf(key) ?? local.unseenIDF
        }
        // Ties (often terms the docs never use, all at the unseen idf) go to the term more questions share.
        var shared: [String: Int] = [:]
        for words in terms { for word in words { shared[word, default: 0] += 1 } }
        let keys: [[String]] = terms.map { words in
            let ranked: [KeyTerm] = words.map { KeyTerm(word: $0, idf: idf(analyzer.wordKey($0)), shared: shared[$0] ?? 0) }
            return ranked.sorted(by: KeyTerm.rarerFirst).prefix(keyTermCount).map(\.word)
        }
        let vectors = features.map { vector($0, idf: idf) }

        var components = UnionFind(count: questions.count)
        var byTerm: [String: Int] = [:]
        let distinctive: (String) -> Bool
        if let statistics {
            let limit = max(2, distinctiveFraction * Float(statistics.documentCount))
            distinctive = { word in Float(statistics.documentFrequency(analyzer.wordKey(word)) ?? 0) <= limit }
        } else {
            distinctive = { _ in true }
        }
        for (index, words) in keys.enumerated() {
            for word in words where distinctive(word) {
                if let other = byTerm[word] { components.union(index, other) } else { byTerm[word] = index }
            }
        }
        for i in vectors.indices {
            for j in (i + 1)..<vectors.count where components.find(i) != components.find(j) {
                if Self.cosine(vectors[i], vectors[j]) >= similarity { components.union(i, j) }
            }
        }

        var members: [Int: [Int]] = [:]
        for index in questions.indices { members[components.find(index), default: []].append(index) }
        let topics = members.values.map { indices in topic(of: indices, questions: questions, keys: keys) }
        return topics.sorted { (a: QuestionTopic, b: QuestionTopic) -> Bool in
            if a.count != b.count { return a.count > b.count }
            if a.lastAsked != b.lastAsked { return a.lastAsked > b.lastAsked }
            return a.terms.lexicographicallyPrecedes(b.terms)
        }
    }

    /// A term of a question with its rarity.
    private struct KeyTerm {
        var word: String
        var idf: Float
        /// How many of the questions have it.
        var shared: Int

        static func rarerFirst(_ a: KeyTerm, _ b: KeyTerm) -> Bool {
            if a.idf != b.idf { return a.idf > b.idf }
            if a.shared != b.shared { return a.shared > b.shared }
            return a.word < b.word
        }
    }

    /// The topic of the questions at `indices` (newest first, as `questions` is sorted).
    private func topic(of indices: [Int], questions: [UnansweredQuestion], keys: [[String]]) -> QuestionTopic {
        // Terms: the key terms most of its questions have, rarest-first order of first appearance kept for ties.
        var termCounts: [String: Int] = [:]
        var order: [String] = []
        for index in indices {
            for word in keys[index] {
                if termCounts[word] == nil { order.append(word) }
                termCounts[word, default: 0] += 1
            }
        }
        let ranked = order.enumerated().sorted { (a: (offset: Int, element: String), b: (offset: Int, element: String)) -> Bool in
            let (countA, countB) = (termCounts[a.element] ?? 0, termCounts[b.element] ?? 0)
            return countA != countB ? countA > countB : a.offset < b.offset
        }
        let terms = ranked.prefix(keyTermCount).map(\.element)

        var examples: [String] = []
        var seen: Set<String> = []
        for index in indices where examples.count < exampleCount {
            let text = questions[index].text
            if seen.insert(text.lowercased()).inserted { examples.append(text) }
        }

        var pageCounts: [String: (page: UnansweredQuestion.Page, count: Int, first: Int)] = [:]
        for (rank, index) in indices.enumerated() {
            for page in Set(questions[index].pages) {
                let key = page.spaceID + "/" + page.pageID
                pageCounts[key] = (page, (pageCounts[key]?.count ?? 0) + 1, pageCounts[key]?.first ?? rank)
            }
        }
        let ordered = pageCounts.values.sorted { a, b in a.count != b.count ? a.count > b.count : a.first < b.first }
        let pages = ordered.prefix(pageCount).map { entry in
            QuestionTopic.Page(spaceID: entry.page.spaceID, pageID: entry.page.pageID, path: entry.page.path, questions: entry.count)
        }
        return QuestionTopic(
            terms: terms,
            count: indices.count,
            examples: examples,
            closestPages: pages,
            lastAsked: indices.map { questions[$0].askedAt }.max()!
        )
    }

    /// The question's sparse hashed vector, L2-normalised, as bucket → value.
    private func vector(_ features: SparseFeatures, idf: (UInt64) -> Float) -> [Int: Float] {
        var vector: [Int: Float] = [:]
        for i in 0..<features.keys.count {
            let key = features.keys[i]
            let (bucket, sign) = vectorizer.bucket(of: key)
            vector[bucket, default: 0] += sign * (1 + log(max(1, features.counts[i]))) * idf(key)
        }
        let norm = vector.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return [:] }
        return vector.mapValues { $0 / norm }
    }

    private static func cosine(_ a: [Int: Float], _ b: [Int: Float]) -> Float {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        return small.reduce(0) { sum, entry in sum + entry.value * (large[entry.key] ?? 0) }
    }
}

/// Disjoint sets over `0..<count`, with path halving.
private struct UnionFind {
    private var parent: [Int]

    init(count: Int) {
        parent = Array(0..<count)
    }

    mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    mutating func union(_ a: Int, _ b: Int) {
        let (ra, rb) = (find(a), find(b))
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
}

extension QuestionTopics {
    /// The topics of `questions` asked of `spaces` of `snapshot` (every space when `nil`), their terms' rarity taken
    /// from those spaces' statistics.
    public func group(_ questions: [UnansweredQuestion], snapshot: IndexSnapshot, spaces: Set<String>?) -> [QuestionTopic] {
        let tables = snapshot.segments.filter { spaces?.contains($0.spaceID) ?? true }.map(\.idf)
        let analyzer = TextAnalyzer(model: snapshot.model)
        return group(questions, analyzer: analyzer, statistics: tables.isEmpty ? nil : CorpusStatistics(tables))
    }
}
