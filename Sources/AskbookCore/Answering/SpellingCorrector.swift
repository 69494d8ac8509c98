/// Typo tolerance: a query word that no searched space knows is replaced by the known word nearest to it, before
/// the query is analysed.
///
/// A word is looked at only when it is 4 to 30 letters of a cased script, written in lower case or Capitalised; it is
/// replaced only when none of the searched spaces' vocabularies holds it and, given the spaces' statistics, its stem is
/// not indexed either (an inflection the docs do not use, "shares" where they say "share", already matches) and it is
/// not a stop word. Candidates are the words of
/// the union of those vocabularies within one edit (4–7 letters) or two (8 or more), in Damerau–Levenshtein distance
/// (optimal string alignment: a transposition of neighbours is one edit); the smallest distance wins, then the most
/// chunks summed over the spaces, then the first in scalar order. Numbers, words with digits, code identifiers
/// (camelCase, snake_case, dotted and slashed names), words in capitals (acronyms: "DKIM" is not a typo of "skim"),
/// Capitalised words inside a sentence (names: "Figma" is not a typo of "sigma"), words under 4 letters and the words
/// by which a question says what it asks for (`AnswerCue.cueWords`: "how many" is not "how any") are left alone;
/// hyphenated and apostrophised words are looked at part by part.
///
/// Work per query is bounded: at most `maxLookups` unknown words are searched for, each over the words whose length
/// is within the distance, after a letter-mask filter, with an edit distance that stops once past the bound.
///
/// ```swift
/// let corrector = SpellingCorrector(vocabularies: [vocabulary])
/// corrector.correct("custm domian").text   // "custom domain"
/// ```
public struct SpellingCorrector: Sendable {
    /// The most unknown words one query gets candidates for; the rest stay as written.
    public static let maxLookups = 12
    /// The longest word looked at, in letters.
    public static let maxWordLength = 30
    /// What ends a sentence, so that the next word may be Capitalised as a word rather than as a name.
    private static let sentenceEnds: Set<Unicode.Scalar> = [".", "!", "?", ":", ";", "\n"]

    /// The vocabularies of the spaces searched; `nil` when one of them has none (imported before vocabularies were
    /// kept), and then nothing is corrected: a word such a space holds could otherwise be "corrected" away.
    public let vocabularies: [Vocabulary]?
    /// The searched segments and the analyzers to stem with, for the stem check; `nil` without it.
    private let stems: (analyzers: AnalyzerPool, segments: [IndexSegment])?

    /// A corrector over the union of `vocabularies`, without the stem check.
    public init(vocabularies: [Vocabulary]) {
        self.vocabularies = vocabularies
        stems = nil
    }

    /// A corrector for the segments of `snapshot` a query searches (`spaces`, or every segment for `nil`); with
    /// `analyzers`, a word whose stem a searched segment indexes, or a stop word, is never corrected.
    public init(snapshot: IndexSnapshot, spaces: Set<String>?, analyzers: AnalyzerPool? = nil) {
        let segments = snapshot.segments.filter { spaces?.contains($0.spaceID) ?? true }
        var vocabularies: [Vocabulary]? = []
        for segment in segments {
            guard let vocabulary = segment.vocabulary else {
                vocabularies = nil
                break
            }
            vocabularies?.append(vocabulary)
        }
        self.vocabularies = vocabularies
        stems = analyzers.map { ($0, segments) }
    }

    /// The most edits a correction of a word of `length` letters may make: 0 under 4, 1 up to 7, else 2.
    public static func maxDistance(length: Int) -> Int {
        length < 4 ? 0 : length < 8 ? 1 : 2
    }

    /// `text` with its unknown words replaced (see the type); the rest of the text, spacing and punctuation included,
    /// is kept as it was.
    public func correct(_ text: String) -> SpellingCorrection {
        guard let vocabularies, !vocabularies.isEmpty else { return SpellingCorrection(original: text, text: text, words: []) }
        var output = String.UnicodeScalarView()
        var words: [SpellingCorrection.Word] = []
        var lookups = 0
        var scratch = DistanceScratch()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        // A Capitalised word inside a sentence is a name ("Comet", "Figma"), not a typo of a word; at the start of
        // the query or of a sentence it is a word.
        var sentenceStart = true
        while i < scalars.count {
            guard Tokenizer.isWordScalar(scalars[i]) || Tokenizer.isConnector(scalars[i]) else {
                if Self.sentenceEnds.contains(scalars[i]) { sentenceStart = true }
                output.append(scalars[i])
                i += 1
                continue
            }
            // A raw token, as the tokenizer reads it: word scalars and connectors.
            var end = i
            while end < scalars.count, Tokenizer.isWordScalar(scalars[end]) || Tokenizer.isConnector(scalars[end]) { end += 1 }
            let token = scalars[i..<end]
            i = end
            let capitalisedIsWord = sentenceStart
            sentenceStart = false
            // Underscores, dots and slashes make a code identifier: left whole, as written.
            guard !token.contains(where: { $0 == "_" || $0 == "." || $0 == "/" }) else {
                output.append(contentsOf: token)
                continue
            }
            // Hyphens and apostrophes join words of prose: each part on its own.
            var start = token.startIndex
            while start < token.endIndex {
                var stop = start
                while stop < token.endIndex, !Tokenizer.isConnector(token[stop]) { stop += 1 }
                let part = token[start..<stop]
                let isName = !capitalisedIsWord && part.first.map(Tokenizer.isUppercase) == true
                if !isName, lookups < Self.maxLookups,
                    let replacement = knownWord(for: part, in: vocabularies, lookups: &lookups, scratch: &scratch)
                {
                    var original = String.UnicodeScalarView()
                    original.append(contentsOf: part)
                    words.append(SpellingCorrection.Word(original: String(original), corrected: replacement))
                    output.append(contentsOf: replacement.unicodeScalars)
                } else {
                    output.append(contentsOf: part)
                }
                if stop < token.endIndex { output.append(token[stop]) }
                start = stop < token.endIndex ? stop + 1 : stop
            }
        }
        return SpellingCorrection(original: text, text: words.isEmpty ? text : String(output), words: words)
    }

    /// The known word replacing `part`, or `nil` when it stays: too short or long, not plain letters, mixed case
    /// (an identifier), known, or with no candidate near enough. Counts a search in `lookups`.
    private func knownWord(
        for part: ArraySlice<Unicode.Scalar>,
        in vocabularies: [Vocabulary],
        lookups: inout Int,
        scratch: inout DistanceScratch
    ) -> String? {
        guard (4...Self.maxWordLength).contains(part.count), part.allSatisfy(Vocabulary.isCasedLetter) else { return nil }
        // Only lower case and Capitalised words: camelCase and other mixed case is an identifier, CAPITALS an acronym.
        guard part.dropFirst().allSatisfy({ !Tokenizer.isUppercase($0) }) else { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: part)
        let word = String(view).lowercased()
        guard !AnswerCue.cueWords.contains(word), !vocabularies.contains(where: { $0.documentCount(of: word) != nil }), !stemIsIndexed(word)
        else { return nil }
        lookups += 1
        let target = Array(word.unicodeScalars.map(\.value))
        let distance = Self.maxDistance(length: target.count)
        let mask = Vocabulary.mask(target[...])
        // Word → (distance, chunks summed over the vocabularies).
        var candidates: [String: (distance: Int, count: UInt32)] = [:]
        for length in max(Vocabulary.lengths.lowerBound, target.count - distance)...(target.count + distance) {
            for vocabulary in vocabularies {
                vocabulary.forEachWord(length: length, near: mask, distance: distance) { index, scalars, count in
                    guard let d = scratch.distance(target, scalars, bound: distance) else { return }
                    let candidate = vocabulary.words[index]
                    let previous = candidates[candidate]?.count ?? 0
                    candidates[candidate] = (d, previous &+ count)
                }
            }
        }
        return candidates.min { a, b in
            if a.value.distance != b.value.distance { return a.value.distance < b.value.distance }
            if a.value.count != b.value.count { return a.value.count > b.value.count }
            return a.key.unicodeScalars.lexicographicallyPrecedes(b.key.unicodeScalars)
        }?.key
    }

    /// Whether `word` is a stop word or its stem is indexed by a searched segment, in that segment's language: the
    /// word already matches as it is, so a "correction" could only change what it means.
    private func stemIsIndexed(_ word: String) -> Bool {
        guard let stems else { return false }
        for language in Set(stems.segments.map(\.language)) {
            let indexed = stems.analyzers.withAnalyzer(language: language) { analyzer -> Bool in
                guard let stem = analyzer.terms(word).first else { return true }
                let key = analyzer.wordKey(stem)
                return stems.segments.contains { $0.language == language && $0.idf.idf(key) != nil }
            }
            if indexed { return true }
        }
        return false
    }
}

/// Rows of the edit-distance table, kept across the candidates of one query so that none allocates.
private struct DistanceScratch {
    private var rows = [Int](repeating: 0, count: 3 * (SpellingCorrector.maxWordLength + 4))

    /// The optimal-string-alignment distance of `a` and `b`, or `nil` when it is over `bound` (found as soon as a
    /// whole row is over it).
    mutating func distance(_ a: [UInt32], _ b: ArraySlice<UInt32>, bound: Int) -> Int? {
        let n = a.count
        let m = b.count
        guard n > 0, m > 0, abs(n - m) <= bound, n <= SpellingCorrector.maxWordLength, m <= SpellingCorrector.maxWordLength + 2 else {
            return nil
        }
        let width = m + 1
        let b0 = b.startIndex
        return rows.withUnsafeMutableBufferPointer { rows -> Int? in
            // Three rows in turn: two back (transpositions), previous and current.
            for j in 0...m { rows[width + j] = j }
            var twoBack = 0
            var previous = width
            var current = 2 * width
            for i in 1...n {
                rows[current] = i
                var best = i
                for j in 1...m {
                    let cost = a[i - 1] == b[b0 + j - 1] ? 0 : 1
                    var value = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[b0 + j - 2], a[i - 2] == b[b0 + j - 1] {
                        value = min(value, rows[twoBack + j - 2] + 1)
                    }
                    rows[current + j] = value
                    best = min(best, value)
                }
                if best > bound { return nil }
                (twoBack, previous, current) = (previous, current, twoBack)
            }
            let result = rows[previous + m]
            return result <= bound ? result : nil
        }
    }
}
