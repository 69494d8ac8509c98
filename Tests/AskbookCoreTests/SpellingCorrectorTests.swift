import AskbookCore
import Foundation
import Testing

/// Typo tolerance: unknown words become the nearest frequent known word, within the thresholds; known words,
/// numbers and identifiers never change.
@Suite struct SpellingCorrectorTests {
    @Test(arguments: [
        ("custm domian", "custom domain"),  // a deletion, a transposition
        ("cusotm domain", "custom domain"),  // transposition: one edit
        ("Custum Domain?", "custom Domain?"),  // case: a Capitalised word opening the query is a word; punctuation kept
        ("Which? Custum domain", "Which? custom domain"),  // … and one opening a sentence
        ("intgraton", "integration"),  // 9 letters: two edits
        ("configuraton", "configuration"),
    ])
    func unknownWordsAreCorrected(query: String, expected: String) {
        #expect(corrector().correct(query).text == expected)
    }

    @Test func thresholdsAreOneEditUpToSevenLettersAndTwoFromEight() {
        let corrector = corrector()
        #expect(corrector.correct("doman").text == "domain")  // 5 letters, one edit
        #expect(corrector.correct("dmian").text == "dmian")  // 5 letters, two edits: left alone
        #expect(corrector.correct("intgraton").text == "integration")  // 9 letters, two edits
        #expect(corrector.correct("intgratn").text == "intgratn")  // 8 letters, three edits
        #expect(corrector.correct("dmn").text == "dmn")  // under 4 letters: never
        #expect(SpellingCorrector.maxDistance(length: 3) == 0 && SpellingCorrector.maxDistance(length: 7) == 1)
        #expect(SpellingCorrector.maxDistance(length: 8) == 2)
    }

    @Test(arguments: ["domain", "domains", "Domains", "DNS", "custom"])
    func knownWordsAreNeverCorrected(word: String) {
        let correction = corrector().correct("\(word) setup")
        #expect(correction.text == "\(word) setup" && !correction.corrected)
    }

    @Test func wordsThatSayWhatKindOfAnswerIsAskedForAreLeftAlone() {
        // A small space may not hold "many", "much" or "long"; "any", "such" and "song" are one edit away.
        let corrector = SpellingCorrector(vocabularies: [Vocabulary(counts: ["any": 9, "such": 9, "song": 9, "domain": 9])])
        #expect(corrector.correct("How many domain").text == "How many domain")
        #expect(corrector.correct("how much does a domian cost").text == "how much does a domain cost")
        #expect(corrector.correct("how long").text == "how long")
    }

    @Test(arguments: ["domian2", "getDomian", "custm_domian", "docs.domian", "api/domian", "4096", "v2024", "DOMIAN", "DKIM"])
    func numbersAndIdentifiersAreLeftAlone(query: String) {
        #expect(!corrector().correct(query).corrected)
        #expect(!corrector().correct("set \(query)").corrected)
        #expect(corrector().correct("\(query) domian").text == "\(query) domain")
    }

    @Test func theMoreFrequentOfEquallyNearWordsWins() {
        // "bolt" and "boat" are both one edit from "boet"; "boat" is in more chunks.
        let corrector = SpellingCorrector(vocabularies: [Vocabulary(counts: ["bolt": 2, "boat": 9])])
        #expect(corrector.correct("boet").text == "boat")
        // Counts add up over the spaces searched.
        let split = SpellingCorrector(vocabularies: [Vocabulary(counts: ["bolt": 6, "boat": 5]), Vocabulary(counts: ["boat": 5])])
        #expect(split.correct("boet").text == "boat")
        // A nearer word beats a more frequent one: "integration" is one edit away, "integrations" two.
        let nearer = SpellingCorrector(vocabularies: [Vocabulary(counts: ["integration": 1, "integrations": 99])])
        #expect(nearer.correct("integrasion").text == "integration")
    }

    @Test func aCapitalisedWordInsideASentenceIsANameAndStays() {
        #expect(corrector().correct("embed a Custum domain").text == "embed a Custum domain")
        #expect(corrector().correct("embed a custum domain").text == "embed a custom domain")
    }

    @Test func aWordKnownInAnySearchedSpaceStays() {
        let corrector = SpellingCorrector(vocabularies: [Vocabulary(counts: ["domain": 9]), Vocabulary(counts: ["domian": 1])])
        #expect(!corrector.correct("domian").corrected)
    }

    @Test func correctionsAreReportedInOrderAndTheRestOfTheTextIsKept() {
        let correction = corrector().correct("  how to set a custm domian, quickly? ")
        #expect(correction.text == "  how to set a custom domain, quickly? ")
        #expect(correction.words == [.init(original: "custm", corrected: "custom"), .init(original: "domian", corrected: "domain")])
        #expect(correction.original == "  how to set a custm domian, quickly? ")
        // Hyphenated and apostrophised words are looked at part by part.
        #expect(corrector().correct("custm-domian's").text == "custom-domain's")
    }

    @Test func workIsBoundedOnHostileQueries() {
        let corrector = corrector()
        let query = Array(repeating: "zzzqxj", count: 80).joined(separator: " ") + " " + String(repeating: "q", count: 500)
        let started = ContinuousClock.now
        let correction = corrector.correct(query)
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(correction.words.count <= SpellingCorrector.maxLookups)
        // Nothing to correct against: every word stays.
        #expect(SpellingCorrector(vocabularies: []).correct("custm domian").text == "custm domian")
    }

    @Test func vocabularyKeepsWordsOfCasedLettersAndRoundTrips() throws {
        var counts: [String: UInt32] = [:]
        Vocabulary.count(["Set up a custom domain for GitBook: getSpaceById, v2 and 中文 words."], into: &counts)
        Vocabulary.count(["A custom domain", "Domains › Custom"], into: &counts)
        let vocabulary = Vocabulary(counts: counts)
        #expect(vocabulary.documentCount(of: "custom") == 2 && vocabulary.documentCount(of: "domain") == 2)
        #expect(vocabulary.documentCount(of: "gitbook") == 1 && vocabulary.documentCount(of: "space") == 1)
        #expect(vocabulary.documentCount(of: "getspacebyid") == 1)
        #expect(vocabulary.documentCount(of: "v2") == nil && vocabulary.documentCount(of: "up") == nil)
        #expect(vocabulary.documentCount(of: "中文") == nil)
        let decoded = try #require(Vocabulary(serialized: vocabulary.serialized()))
        #expect(decoded.words == vocabulary.words && decoded.documentCounts == vocabulary.documentCounts)
        #expect(Vocabulary(serialized: Data("word\tnot-a-number\n".utf8)) == nil)
        // Lines out of order, with a word a vocabulary does not keep or a repeated word, are counted afresh.
        let unordered = try #require(Vocabulary(serialized: Data("steep\t2\ntea\t1\nv2\t4\nsteep\t3\n".utf8)))
        let expected = Vocabulary(counts: ["tea": 1, "steep": 3])
        #expect(unordered.words == expected.words && unordered.documentCounts == expected.documentCounts)
        #expect(unordered.words == ["tea", "steep"] && unordered.documentCount(of: "steep") == 3)
    }

    /// The stored lines are pinned, and what is not exactly them (read straight from the bytes) is read line by line,
    /// as before the fast reading.
    @Test func aVocabularyIsStoredAsOrderedLinesAndReadBackWhateverItsLines() throws {
        let vocabulary = Vocabulary(counts: ["tea": 1, "steep": 4_294_967_295, "café": 12, "oolong": 10])
        #expect(String(decoding: vocabulary.serialized(), as: UTF8.self) == "tea\t1\ncafé\t12\nsteep\t4294967295\noolong\t10\n")
        let lines: [(String, [String], [UInt32])] = [
            ("tea\t1\ncafé\t12\n", ["tea", "café"], [1, 12]),
            // No final newline, an empty line, a sign, two tabs, an out-of-order line: read line by line.
            ("tea\t1\ncafé\t12", ["tea", "café"], [1, 12]),
            ("tea\t1\n\ncafé\t12\n", ["tea", "café"], [1, 12]),
            ("tea\t+1\n", ["tea"], [1]),
            ("tea\t\t1\n", ["tea"], [1]),
            ("café\t12\ntea\t1\n", ["tea", "café"], [1, 12]),
            // A zero count drops its word.
            ("tea\t0\ncafé\t12\n", ["café"], [12]),
        ]
        for (text, words, counts) in lines {
            let read = try #require(Vocabulary(serialized: Data(text.utf8)), "\(text)")
            #expect(read.words == words && read.documentCounts == counts, "\(text)")
        }
        for malformed in ["tea\t4294967296\n", "tea\t1\tx\n", "tea\n", "tea\t\n"] {
            #expect(Vocabulary(serialized: Data(malformed.utf8)) == nil, "\(malformed)")
        }
    }

    @Test func anImportsVocabularyIsItsChunksWordsWhetherAnalysedOrReused() async throws {
        let model = try TestSupport.model()
        let content = try SpaceLoader().load(path: TestSupport.fixture("gitsync"), spaceID: "coffee")[0]
        let embedded = await SpaceEmbedder(model: model).embed(content)
        var counts: [String: UInt32] = [:]
        for chunk in embedded.chunks { Vocabulary.count([chunk.chunk.text] + chunk.chunk.breadcrumb, into: &counts) }
        let reference = Vocabulary(counts: counts)
        #expect(embedded.vocabulary.words == reference.words && embedded.vocabulary.documentCounts == reference.documentCounts)
        // Half the chunks reused from that import: their words are counted apart, and the vocabulary is the same.
        let reuse = Dictionary(
            embedded.chunks.enumerated().filter { $0.offset % 2 == 0 }.map { ($0.element.contentHash, $0.element.features) },
            uniquingKeysWith: { first, _ in first }
        )
        let again = await SpaceEmbedder(model: model).embed(content, reuse: reuse)
        #expect(again.chunks.contains(where: \.reused) && again.chunks.contains(where: { !$0.reused }))
        #expect(again.vocabulary.words == reference.words && again.vocabulary.documentCounts == reference.documentCounts)
    }

    // MARK: Helpers

    private func corrector() -> SpellingCorrector {
        let counts: [String: UInt32] = [
            "custom": 12, "domain": 20, "domains": 8, "dns": 4, "setup": 3, "integration": 7, "integrations": 2,
            "configuration": 9, "how": 30, "set": 15, "quickly": 2, "custody": 1,
        ]
        return SpellingCorrector(vocabularies: [Vocabulary(counts: counts)])
    }
}
