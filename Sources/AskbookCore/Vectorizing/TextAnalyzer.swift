/// Turns text into terms and hashed features under a `VectorizerModel`: tokenize, drop stop words, stem, then
/// word unigrams, optional stem bigrams and character n-grams, each hashed with `StableHash`.
///
/// Holds a libstemmer instance and a stem cache, so it must not be used by two tasks at once: make one per task, or
/// borrow one from an `AnalyzerPool`. It is `@unchecked Sendable` only so that the pool can hand it from one task to
/// the next.
public final class TextAnalyzer: @unchecked Sendable {
    public let model: VectorizerModel
    /// The Snowball language it stems in.
    public let language: String
    private let stemmer: Stemmer
    private let stopWords: Set<String>
    private let tokenizer = Tokenizer()
    /// What each word (a token that is not a whole identifier) adds: its stem, the stem's key, and its character n-gram
    /// keys. Words recur (a few thousand make most of any text), and stemming and hashing them was most of an import's
    /// analysis; bounded like the stemmer's cache.
    private var wordCache: [String: Word] = [:]
    /// The vocabulary counts of `features(countingVocabularyOf:breadcrumb:)`.
    private var tally = VocabularyTally()
    /// Whether the features being extracted count their vocabulary words into `tally`.
    private var tallying = false

    private struct Word {
        var stem: String
        var stemKey: UInt64
        var ngramKeys: [UInt64]
        /// Whether the word is a stop word (it adds no feature) and whether a vocabulary keeps it: remembered with the
        /// rest, so a token costs one lookup, not three.
        var isStopWord: Bool
        var isVocabularyWord: Bool
        /// The word's number in `tally`, once it has been counted (-1 before).
        var tallyNumber: Int32 = -1
    }

    /// Words remembered at most before the cache starts over.
    private static let wordCapacity = 100_000

    /// An analyzer for `model`, stemming in `language` (default: the model's).
    public init(model: VectorizerModel, language: String? = nil) {
        self.model = model
        self.language = language ?? model.language
        stemmer = Stemmer(language: self.language)
        stopWords = Set(model.stopWords)
    }

    /// The stemmed content terms of `text` (stop words removed, whole identifiers kept), in order.
    public func terms(_ text: String) -> [String] {
        tokenizer.tokens(in: text).compactMap { token in
            if stopWords.contains(token.text) { return nil }
            return token.isWhole ? token.text : stemmer.stem(token.text)
        }
    }

    /// The features of a chunk: its text, plus breadcrumb terms counted `headingWeight` times each.
    public func features(text: String, breadcrumb: [String] = []) -> SparseFeatures {
        var unused: Set<String>? = nil
        return features(text: text, breadcrumb: breadcrumb, words: &unused)
    }

    /// The features of a chunk, and its distinct vocabulary words (`Vocabulary.isWord`, stop words included) from the
    /// same tokens, added to `words`: an import needs both, and tokenizing every chunk twice cost a third of its
    /// analysis.
    public func features(text: String, breadcrumb: [String], words: inout Set<String>) -> SparseFeatures {
        var collected: Set<String>? = words
        words = []  // the set is moved in and out, never copied
        defer { words = collected ?? [] }
        return features(text: text, breadcrumb: breadcrumb, words: &collected)
    }

    /// The features of a chunk, with its distinct vocabulary words (as `features(text:breadcrumb:words:)` collects them)
    /// counted into the analyzer's tally, which `takeVocabularyCounts()` hands over: how an import counts, without a
    /// set and a dictionary keyed by each word's string.
    public func features(countingVocabularyOf text: String, breadcrumb: [String]) -> SparseFeatures {
        tally.startChunk()
        tallying = true
        defer { tallying = false }
        var unused: Set<String>? = nil
        return features(text: text, breadcrumb: breadcrumb, words: &unused)
    }

    /// The vocabulary words counted by `features(countingVocabularyOf:breadcrumb:)` since the last call, each with the
    /// number of chunks it occurs in.
    public func takeVocabularyCounts() -> [String: UInt32] { tally.take() }

    /// Counts a vocabulary word (its tally number remembered in `remembered`) into `tally`, or adds it to `words`.
    @inline(__always)
    private func collect(_ word: String, remembered: Int32? = nil, into words: inout Set<String>?) -> Int32? {
        if tallying {
            let number = remembered ?? tally.number(of: word)
            tally.count(number)
            return number
        }
        words?.insert(word)
        return nil
    }

    private func features(text: String, breadcrumb: [String], words: inout Set<String>?) -> SparseFeatures {
        var keys: [UInt64] = []
        var crumbKeys: [UInt64] = []
        var length: Float = 0
        add(text, weight: 1, into: &keys, length: &length, words: &words)
        let headingWeight = model.features.headingWeight
        for crumb in breadcrumb {
            if headingWeight > 0 {
                add(crumb, weight: headingWeight, into: &crumbKeys, length: &length, words: &words)
            } else if words != nil || tallying {
                for token in tokenizer.tokens(in: crumb) where Vocabulary.isWord(token.text) { _ = collect(token.text, into: &words) }
            }
        }
        return SparseFeatures(keys: &keys, weight: 1, extraKeys: &crumbKeys, extraWeight: headingWeight, length: length)
    }

    /// Hash key of a stemmed word, as used in `features` (for looking up idf of query terms).
    public func wordKey(_ stem: String) -> UInt64 { key(.word, stem.unicodeScalars.map(\.value)[...]) }

    /// Appends one key per feature occurrence (all of `text`'s occurrences weigh `weight`, which counts toward
    /// `length` per word).
    private func add(_ text: String, weight: Float, into counts: inout [UInt64], length: inout Float, words: inout Set<String>?) {
        let features = model.features
        var previous: String?
        for token in tokenizer.tokens(in: text) {
            if token.isWhole {
                if words != nil || tallying, Vocabulary.isWord(token.text) { _ = collect(token.text, into: &words) }
                if !stopWords.contains(token.text) { counts.append(key(.word, token.text.unicodeScalars.map(\.value)[...])) }
                continue
            }
            let word = analyzed(token.text)
            if words != nil || tallying, word.isVocabularyWord,
                let number = collect(token.text, remembered: word.tallyNumber < 0 ? nil : word.tallyNumber, into: &words),
                word.tallyNumber < 0
            {
                wordCache[token.text]?.tallyNumber = number
            }
            if word.isStopWord { continue }
            length += weight
            if features.unigrams > 0 { counts.append(word.stemKey) }
            if features.bigrams > 0, let previous {
                counts.append(key(.bigram, (previous + " " + word.stem).unicodeScalars.map(\.value)[...]))
            }
            previous = word.stem
            if features.charNgrams > 0 { counts.append(contentsOf: word.ngramKeys) }
        }
    }

    /// The stem and keys of a word, from the cache or computed.
    private func analyzed(_ text: String) -> Word {
        if let known = wordCache[text] { return known }
        let isStopWord = stopWords.contains(text)
        let stem = isStopWord ? text : stemmer.stem(text)
        var ngramKeys: [UInt64] = []
        let features = model.features
        if features.charNgrams > 0, !isStopWord {
            var scalars: [UInt32] = [60]  // "<"
            for s in text.unicodeScalars { scalars.append(s.value) }
            scalars.append(62)  // ">"
            let upper = min(features.charNgramMax, scalars.count)
            if upper >= features.charNgramMin {
                for n in features.charNgramMin...upper {
                    for start in 0...(scalars.count - n) { ngramKeys.append(key(.charNgram, scalars[start..<(start + n)])) }
                }
            }
        }
        let word = Word(
            stem: stem,
            stemKey: key(.word, stem.unicodeScalars.map(\.value)[...]),
            ngramKeys: ngramKeys,
            isStopWord: isStopWord,
            isVocabularyWord: Vocabulary.isWord(text)
        )
        if wordCache.count >= Self.wordCapacity { wordCache.removeAll(keepingCapacity: true) }
        wordCache[text] = word
        return word
    }

    @inline(__always)
    private func key(_ family: SparseFeatures.Family, _ scalars: ArraySlice<UInt32>) -> UInt64 {
        (StableHash.hash(namespace: UInt8(family.rawValue), scalars: scalars, seed: model.seed) & ~3) | family.rawValue
    }
}
