import AskbookCore
import Foundation
import Testing

@Suite struct VectorizerTests {
    @Test(arguments: [0, 3, 64, 65, 1_500, 20_000, 200_000])
    func featuresFromKeyOccurrencesCountEveryKeyInOrder(occurrences: Int) {
        var generator = SeededGenerator(seed: UInt64(occurrences) + 1)
        // Hash-like keys, many repeated, and a run sharing their high bytes (all in one bucket, sorted by comparison).
        let distinct = (0..<max(1, occurrences / 3)).map { _ in UInt64.random(in: .min ... .max, using: &generator) }
        var keys = (0..<occurrences).map { _ in distinct.randomElement(using: &generator)! }
        var extra = (0..<(occurrences / 2)).map { i in UInt64(0xABCD) << 48 | UInt64(i % 97) }
        var expected: [UInt64: Float] = [:]
        for key in keys { expected[key, default: 0] += 1 }
        for key in extra { expected[key, default: 0] += 2 }
        let features = SparseFeatures(keys: &keys, weight: 1, extraKeys: &extra, extraWeight: 2, length: 7)
        #expect(features == SparseFeatures(counts: expected, length: 7))
        #expect(keys == keys.sorted() && extra == extra.sorted())
    }

    @Test func tokenizerSplitsIdentifiersAndKeepsThemWhole() {
        let tokens = Tokenizer().tokens(in: "Call getSpaceById or snake_case in api/v1.json, HTTPServer!")
        let texts = tokens.map(\.text)
        #expect(texts.contains("get") && texts.contains("space") && texts.contains("by") && texts.contains("id"))
        #expect(texts.contains("getspacebyid") && texts.contains("snake_case") && texts.contains("api/v1.json"))
        #expect(texts.contains("http") && texts.contains("server"))
        #expect(tokens.filter(\.isWhole).map(\.text) == ["getspacebyid", "snake_case", "api/v1.json", "httpserver"])
    }

    @Test func tokenizerIsUnicodeAware() {
        #expect(Tokenizer().tokens(in: "Élan café naïve 東京").map(\.text) == ["élan", "café", "naïve", "東京"])
    }

    /// The ASCII path (on bytes) and the Unicode one (on scalars) give the same tokens: a trailing `’` (a connector,
    /// trimmed from the token) sends a raw token down the Unicode path without changing what it should give.
    @Test func asciiTokensMatchTheUnicodePath() {
        var generator = SeededGenerator(seed: 11)
        let alphabet = Array("abcXYZ09_./-'")
        let tokenizer = Tokenizer()
        for _ in 0..<2_000 {
            let raw = String((0..<Int.random(in: 1...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(tokenizer.tokens(in: raw) == tokenizer.tokens(in: raw + "\u{2019}"), "\(raw)")
        }
        let sentence = "Use HTTPServer's getURLForID in api/v2.json-schema, or re-import 'snake_case'."
        let forced = sentence.split(separator: " ").map { $0 + "\u{2019}" }.joined(separator: " ")
        #expect(tokenizer.tokens(in: sentence) == tokenizer.tokens(in: forced))
    }

    @Test func snowballStemsEnglishAndFrench() {
        #expect(Stemmer(language: "english").stem("running") == "run")
        #expect(Stemmer(language: "english").stem("connections") == "connect")
        #expect(Stemmer(language: "french").stem("continuellement") == "continuel")
        #expect(Stemmer.languages.contains("english"))
    }

    @Test func featuresAreDeterministicAndSeeded() throws {
        let model = try TestSupport.model()
        let a = TextAnalyzer(model: model).features(text: "Add a hint block to a page", breadcrumb: ["Hints"])
        let b = TextAnalyzer(model: model).features(text: "Add a hint block to a page", breadcrumb: ["Hints"])
        #expect(a == b)
        var reseeded = model
        reseeded.seed += 1
        #expect(
            TextAnalyzer(model: reseeded).features(text: "Add a hint block to a page").keys
                != TextAnalyzer(model: model).features(text: "Add a hint block to a page").keys
        )
    }

    @Test func stableHashMatchesAnIndependentImplementation() {
        // Values from a Python transcription of FNV-1a + SplitMix64. A change here changes every stored vector,
        // so it must come with a new model id.
        #expect(StableHash.hash(namespace: 1, scalars: Array("hint".unicodeScalars.map(\.value))[...], seed: 0) == 0xea96_c388_2ef5_5f34)
        #expect(StableHash.hash(namespace: 3, scalars: Array("<é".unicodeScalars.map(\.value))[...], seed: 42) == 0x41da_3640_816b_6ccb)
        #expect(StableHash.mix(0) == 0xe220_a839_7b1d_cdaf)
    }

    @Test func serializedFeaturesAndIDFRoundTrip() throws {
        let model = try TestSupport.model()
        let features = TextAnalyzer(model: model).features(text: "Brew coffee with hot water", breadcrumb: ["Brewing"])
        #expect(SparseFeatures(serialized: features.serialized()) == features)
        let idf = IDFTable(features: [features, TextAnalyzer(model: model).features(text: "Grind the beans")])
        let copy = try #require(IDFTable(serialized: idf.serialized()))
        #expect(copy.documentCount == 2 && copy.featureCount == idf.featureCount)
        for key in features.keys { #expect(copy.idf(key) == idf.idf(key)) }
        #expect(SparseFeatures(serialized: Data([1, 2, 3])) == nil)
    }

    /// The stored layout, byte for byte: the count, the average length, the (key, df) pairs by key, the total length.
    @Test func idfTablesSerializeToTheirStoredLayout() {
        let idf = IDFTable(features: [
            SparseFeatures(counts: [0x0203: 1, 0x01: 2], length: 3), SparseFeatures(counts: [0x01: 1], length: 2),
        ])
        var expected: [UInt8] = [2, 0, 0, 0, 0, 0, 0, 0] + withUnsafeBytes(of: Float(2.5).bitPattern.littleEndian, Array.init)
        expected += [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0]  // key 0x01 in two chunks
        expected += [3, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]  // key 0x0203 in one
        expected += withUnsafeBytes(of: Double(5).bitPattern.littleEndian, Array.init)
        #expect(Array(idf.serialized()) == expected)
    }

    @Test func documentVectorsAreUnitLengthAndSimilarTextsScoreHigher() throws {
        let model = try TestSupport.model()
        let analyzer = TextAnalyzer(model: model)
        let docs = ["Brew coffee with hot water at 94 degrees.", "Grind the beans to a medium-fine size.", "Clean the kettle with vinegar."]
        let features = docs.map { analyzer.features(text: $0) }
        let idf = IDFTable(features: features)
        let vectorizer = HashedVectorizer(model: model)
        let vectors = features.map { vectorizer.documentVector($0, idf: idf) }
        for v in vectors { #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4) }
        let query = try #require(vectorizer.queryVector(analyzer.features(text: "how hot should the water be for brewing"), idf: idf))
        let scores = vectors.map { zip($0, query).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(scores[0] > scores[1] && scores[0] > scores[2])
        #expect(vectorizer.queryVector(analyzer.features(text: "zzzqqq"), idf: idf) == nil)
    }

    @Test func exactCosineMatchesAHandComputedValue() throws {
        let a = WeightedFeatures(keys: [1, 5, 9], weights: [1, 2, 2], norm: 3)
        let b = WeightedFeatures(keys: [5, 7, 9], weights: [3, 4, 0], norm: 5)
        #expect(abs(a.cosine(b) - 6 / 15) < 1e-6)
        #expect(a.cosine(WeightedFeatures(keys: [], weights: [], norm: 0)) == 0)

        let model = try TestSupport.model()
        let analyzer = TextAnalyzer(model: model)
        let features = ["Brew coffee with hot water", "Grind the beans"].map { analyzer.features(text: $0) }
        let idf = IDFTable(features: features)
        let weighted = HashedVectorizer(model: model).exactWeights(features[0], idf: idf)
        #expect(abs(weighted.cosine(weighted) - 1) < 1e-5)
        #expect(abs(weighted.norm - weighted.weights.reduce(0) { $0 + $1 * $1 }.squareRoot()) < 1e-4)
    }

    @Test func analyzerPoolLendsOneAnalyzerPerLanguageAndReusesIt() throws {
        let pool = AnalyzerPool(model: try TestSupport.model())
        let first = pool.withAnalyzer(language: "french") { ObjectIdentifier($0) }
        let again = pool.withAnalyzer(language: "french") { ($0.language, ObjectIdentifier($0)) }
        #expect(again.0 == "french" && again.1 == first)
        // Borrowed at the same time, two callers get two analyzers.
        let nested = pool.withAnalyzer(language: "english") { outer in
            pool.withAnalyzer(language: "english") { inner in outer !== inner }
        }
        #expect(nested)
    }

    @Test func invalidModelFilesAreRejected() throws {
        var json = String(decoding: try TestSupport.model().encoded(), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"dimension\":4096", with: "\"dimension\":3")
        #expect(throws: AskbookError.self) { try VectorizerModel.decode(Data(json.utf8)) }
        #expect(throws: AskbookError.self) { try VectorizerModel.load(path: "/nonexistent/model.json") }
    }

    @Test func documentFrequenciesFollowRemovalsAndAdditions() throws {
        // Small keys (0 among them) so that chunks share many, and enough chunks for the table to grow several times.
        var generator = SeededGenerator(seed: 5)
        func chunks(_ n: Int) -> [SparseFeatures] {
            (0..<n).map { _ in
                var counts: [UInt64: Float] = [:]
                for _ in 0..<30 { counts[UInt64.random(in: 0..<3_000, using: &generator)] = 1 }
                return SparseFeatures(counts: counts, length: 30)
            }
        }
        func frequencies(_ chunks: [SparseFeatures]) -> [UInt64: UInt32] {
            var counts: [UInt64: UInt32] = [:]
            for f in chunks { for key in f.keys { counts[key, default: 0] += 1 } }
            return counts
        }
        let first = chunks(1_500)
        let added = chunks(700)
        let table = IDFTable(features: first)
        let updated = try #require(table.updated(removing: Array(first.prefix(900)), adding: added))
        let expected = frequencies(Array(first.dropFirst(900)) + added)
        for key in UInt64(0)..<3_000 { #expect(updated.documentFrequency(key) == expected[key], "\(key)") }
        #expect(updated.featureCount == expected.count && updated.documentCount == 1_300)
        let copy = try #require(IDFTable(serialized: updated.serialized()))
        #expect(copy.serialized() == updated.serialized())
        // Chunks the table never counted cannot be removed from it.
        #expect(table.updated(removing: [SparseFeatures(counts: [5_000: 1], length: 1)], adding: []) == nil)
    }

    @Test func countedVocabularyEqualsTheWordsCollectedChunkByChunk() throws {
        let model = try TestSupport.model()
        let chunks: [(text: String, breadcrumb: [String])] = [
            ("Brew the coffee, then brew it again with getSpaceById.", ["Brewing", "Coffee"]),
            ("Grind the beans; the grind decides the brew.", ["Grinding"]),
            ("Café crème: the same words, Brew and brew, once per chunk.", ["Brewing"]),
        ]
        let counting = TextAnalyzer(model: model)
        let collecting = TextAnalyzer(model: model)
        var expected: [String: UInt32] = [:]
        for _ in 0..<2 {
            for chunk in chunks {
                var words: Set<String> = []
                let collected = collecting.features(text: chunk.text, breadcrumb: chunk.breadcrumb, words: &words)
                for word in words { expected[word, default: 0] += 1 }
                #expect(counting.features(countingVocabularyOf: chunk.text, breadcrumb: chunk.breadcrumb) == collected)
            }
        }
        #expect(expected["brew"] == 6 && expected["coffee"] == 2)
        #expect(counting.takeVocabularyCounts() == expected)
        #expect(counting.takeVocabularyCounts().isEmpty)
    }

    @Test func documentFrequenciesCountedInSharesEqualOneCount() {
        // Enough chunks for the count to split over cores; keys of every family, repeated across chunks.
        var generator = SeededGenerator(seed: 11)
        let features = (0..<3_000).map { _ in
            var counts: [UInt64: Float] = [:]
            for _ in 0..<20 { counts[UInt64.random(in: 0..<500, using: &generator) << 60 | UInt64.random(in: 0..<400, using: &generator)] = 1 }
            return SparseFeatures(counts: counts, length: 20)
        }
        var frequencies: [UInt64: Int] = [:]
        for f in features { for key in f.keys { frequencies[key, default: 0] += 1 } }
        let table = IDFTable(features: features)
        let documents = Float(features.count)
        for (key, df) in frequencies {
            let expected = log(1 + (documents - Float(df) + 0.5) / (Float(df) + 0.5))
            #expect(abs((table.idf(key) ?? -1) - expected) < 1e-5)
        }
        #expect(table.idf(UInt64.max) == nil && table.documentCount == 3_000)
    }
}
