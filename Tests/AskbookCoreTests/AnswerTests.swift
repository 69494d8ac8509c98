import AskbookCore
import Foundation
import Testing

@Suite struct AnswerTests {
    @Test(arguments: [
        "What temperature should the water be?",
        "How long do I wait when the coffee blooms?",
        "How fine should I grind the beans?",
        "Why should I bloom the coffee?",
    ])
    func everyCitationPointsAtASectionContainingItsSentence(question: String) async throws {
        let (answerer, contents) = try await coffee()
        let result = try answerer.ask(question)
        #expect(!result.composed.abstained)
        #expect(!result.composed.citations.isEmpty)
        let markdown = try #require(result.answer.answer.markdown)
        for citation in result.composed.citations {
            let page = try #require(contents.pages.first { $0.id == citation.pageID })
            let section = try #require(page.sections.first { $0.id == citation.sectionID })
            #expect(section.text.contains(citation.text))
            #expect(markdown.contains(citation.text))
            #expect(markdown.contains("[[\(citation.number)]](\(AnswerComposer.link(path: page.path, section: section.id)))"))
        }
        // Sources list exactly the cited pages and sections.
        let cited = Set(result.composed.citations.map { "\($0.pageID)#\($0.sectionID)" })
        let listed = Set(result.answer.sources.flatMap { source in source.sections.map { "\(source.page)#\($0)" } })
        #expect(cited == listed)
        #expect(result.answer.sources.allSatisfy { $0.type == "page" && $0.space == "coffee" && $0.revision == "local" })
        #expect(result.answer.pages.map(\.page) == result.answer.sources.map(\.page))
    }

    @Test func theLeadAnswersFromTheRightSection() async throws {
        let (answerer, _) = try await coffee()
        let result = try answerer.ask("What temperature should the water be?")
        #expect(result.composed.citations.first?.sectionID == "temp")
        #expect(result.answer.answer.markdown?.hasPrefix("Use water between 90 and 96 degrees Celsius.") == true)
    }

    @Test func disagreeingRankingsRaiseTheChunkCoverageBar() {
        let configuration = ComposerConfiguration()
        let between = (configuration.minChunkCoverage + configuration.minDisagreeingChunkCoverage) / 2
        let agreeing = AnswerSignals(similarity: 0.5, leadCoverage: 0.6, chunkCoverage: between, rankingsAgree: true)
        #expect(!configuration.abstains(agreeing))
        var disagreeing = agreeing
        disagreeing.rankingsAgree = false
        #expect(configuration.abstains(disagreeing))
        disagreeing.chunkCoverage = configuration.minDisagreeingChunkCoverage
        #expect(!configuration.abstains(disagreeing))
    }

    @Test func aQuestionNamingWhatTheSpaceNeverMentionsAbstains() async throws {
        let (answerer, _) = try await coffee()
        // "Nespresso" is in no page; the rest of the question matches the water temperature section well.
        let named = try answerer.ask("Which water temperature suits a Nespresso?")
        #expect(named.composed.signals?.unknownNames == ["Nespresso"])
        #expect(named.composed.abstained)
        // A word the pages hold, typed in odd case, is no name they never mention.
        let oddCase = try answerer.ask("Which water TEmperature suits a Nespresso?")
        #expect(oddCase.composed.signals?.unknownNames == ["Nespresso"])
        // The abstention says what is missing, in every form of the answer.
        #expect(named.composed.abstentionNote.hasSuffix(" never mentions Nespresso."))
        let markdown = try #require(named.answer.answer.markdown)
        #expect(markdown.hasPrefix(ComposedAnswer.abstentionText + " " + named.composed.abstentionNote + "\n\n"))
        #expect(named.composed.plainText.hasPrefix(ComposedAnswer.abstentionText + " " + named.composed.abstentionNote))
        #expect(named.composed.leadOnly.markdown == ComposedAnswer.abstentionText + " " + named.composed.abstentionNote)
        let document = try JSONEncoder().encode(DocumentRenderer().document(for: named.composed))
        #expect(String(decoding: document, as: UTF8.self).contains("never mentions Nespresso."))
        // Names the space holds, or holds one edit away ("Celsuis") or part by part ("Celsius-Degrees"), and codes
        // with digits are not held against it.
        for question in [
            "Is the water temperature given in Celsius?", "Is the water temperature given in Celsuis?", "What water temperature for a V60?",
            "Is the water temperature given in Celsius-Degrees?",
        ] {
            let result = try answerer.ask(question)
            #expect(result.composed.signals?.namesCovered == true, "\(question)")
        }
        // The rule on its own: signals that pass every other bar abstain on an unknown name, unless it is turned off.
        var configuration = ComposerConfiguration()
        let unknownName = AnswerSignals(similarity: 0.5, leadCoverage: 0.8, chunkCoverage: 0.9, rankingsAgree: true, unknownNames: ["Zapier"])
        #expect(configuration.abstains(unknownName))
        configuration.abstainsOnUnknownNames = false
        #expect(!configuration.abstains(unknownName))
    }

    @Test func aNameOfLettersJoinedByAmpersandIsKnownWhereTheSpaceWritesIt() async throws {
        // "W&B" is analysed into the letters "w" and "b", which every space may hold; the name itself must be written.
        let engine = try await engine(
            space: "kettles",
            pages: ["README.md": "# Kettles\n\nThe B&B kettle heats the water to 94 degrees before the brew starts.\n"]
        )
        let written = try engine.ask("Which water temperature does the B&B kettle heat to?")
        #expect(written.composed.signals?.namesCovered == true)
        let other = try engine.ask("Which water temperature does the W&B kettle heat to?")
        #expect(other.composed.signals?.unknownNames == ["W&B"])
        #expect(other.composed.abstained)
        // "AT&T" leaves one letter, "at" being a stop word.
        let stopped = try engine.ask("Which water temperature does the AT&T kettle heat to?")
        #expect(stopped.composed.signals?.unknownNames == ["AT&T"])
    }

    @Test func aLeadWithTheNumberAskedForAnswersTheWordsThatAskForIt() async throws {
        // The docs never say "maximum" or "length"; "up to 1,000 characters" is what those words ask for.
        let engine = try await engine(
            space: "search",
            pages: [
                "README.md": "# Search\n\n## Query parameters\n\nA search query can be up to 1,000 characters.\n",
                "results.md": "# Results\n\nResults come back sorted by relevance, with the best section first.\n",
            ]
        )
        let result = try engine.ask("What is the maximum length of a search query?")
        #expect(!result.composed.abstained)
        #expect(result.composed.lead.contains("up to 1,000 characters"))
        // A lead without the number does not answer them: the same words asked of the results page abstain.
        let unanswered = try engine.ask("What is the maximum length of the results?")
        #expect(unanswered.composed.abstained)
    }

    @Test func aGermanQuestionsNounsAreNotNames() async throws {
        // German capitalises every noun, so a noun the docs do not use ("Anmeldung") is no unknown product.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-german-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "# Konto\n\nSie ändern das Passwort in den Einstellungen Ihres Kontos.\n".write(
            to: folder.appendingPathComponent("README.md"),
            atomically: true,
            encoding: .utf8
        )
        let model = try TestSupport.model()
        let contents = try SpaceLoader().load(path: folder.path, spaceID: "konto")
        var builder = IndexSnapshotBuilder(model: model)
        await SpaceEmbedder(model: model).embed(contents[0], language: "german").append(to: &builder)
        let result = try AnswerEngine(snapshot: builder.build()).ask("Wie ändere ich das Passwort für die Anmeldung?")
        let signals = try #require(result.composed.signals)
        #expect(signals.unknownNames.isEmpty)
    }

    @Test(arguments: [
        ("Does W&B support SCIM provisioning?", ["W&B", "SCIM"]),
        ("When did GitBook launch its Zapier integration?", ["GitBook", "Zapier"]),
        ("I uploaded an MP4 but it won't play. Why?", []),  // codes with digits are not names; "Why" asks
        ("How Do I Change My Avatar Picture?", []),  // Title Case says nothing by its capitals
        ("HOW DO I RESET MY PASSWORD", []),
        ("Who was Aldric III of Varnholm?", ["Aldric", "III", "Varnholm"]),
    ])
    func namesAreTheCapitalisedWordsInsideAQuestion(question: String, names: [String]) {
        #expect(AnswerSignals.names(in: question) == names)
    }

    @Test func aPlainQuestionsRankingsAgree() async throws {
        let (answerer, _) = try await coffee()
        let signals = try #require(try answerer.ask("What temperature should the water be?").composed.signals)
        #expect(signals.rankingsAgree)
    }

    @Test func rankingsThatPickTwoPassagesOfOnePageAgree() {
        func hit(_ row: Int, page: String, similarity: Float) -> RetrievalHit {
            let chunk = IndexedChunk(
                spaceID: "docs",
                pageID: page,
                pagePath: page,
                pageTitle: page,
                sectionID: "s\(row)",
                sectionTitle: "S",
                blocks: []
            )
            return RetrievalHit(row: row, score: 1 - Float(row) / 10, similarity: similarity, chunk: chunk)
        }
        // The rerank's best is the cosine's best.
        #expect(AnswerSignals.rankingsAgree([hit(0, page: "a", similarity: 0.5), hit(1, page: "b", similarity: 0.4)]))
        // Another passage of the same page is closer by cosine: the stages agree on the page.
        #expect(AnswerSignals.rankingsAgree([hit(0, page: "a", similarity: 0.4), hit(1, page: "a", similarity: 0.5)]))
        // Another page is closer by cosine.
        #expect(!AnswerSignals.rankingsAgree([hit(0, page: "a", similarity: 0.4), hit(1, page: "b", similarity: 0.5)]))
        #expect(AnswerSignals.rankingsAgree([]))
    }

    @Test func cachedSentenceAnalysisGivesTheSameAnswer() async throws {
        let (answerer, _) = try await coffee()
        #expect(answerer.analysedChunkCount == 0)
        let first = try answerer.ask("How fine should I grind the beans?")
        let analysed = answerer.analysedChunkCount
        #expect(analysed > 0)
        let second = try answerer.ask("How fine should I grind the beans?")
        #expect(second.answer == first.answer && second.composed == first.composed)
        #expect(answerer.analysedChunkCount == analysed)
    }

    @Test(arguments: ["Which stock exchange lists the company?", "Explain quantum chromodynamics on a lattice"])
    func unrelatedQuestionsAbstainAndListTheClosestPages(question: String) async throws {
        let (answerer, _) = try await coffee()
        let result = try answerer.ask(question)
        #expect(result.composed.abstained)
        let markdown = try #require(result.answer.answer.markdown)
        #expect(markdown.hasPrefix("I could not find"))
        #expect(result.answer.followupQuestions.isEmpty)
        // Sources stay honest: exactly the pages the abstention lists.
        for source in result.answer.sources { #expect(result.composed.citations.contains { $0.pageID == source.page }) }
    }

    @Test func followUpsRetrieveTheirOwnSectionAndAreNotTheCitedOnes() async throws {
        let (answerer, contents) = try await coffee()
        let result = try answerer.ask("What temperature should the water be?")
        #expect(!result.answer.followupQuestions.isEmpty)
        let cited = Set(result.composed.citations.map(\.sectionID))
        for followUp in result.answer.followupQuestions {
            let headings = contents.pages.flatMap { page in page.sections.map { (page.id, $0) } }
                .filter { FollowUpGenerator.question(fromHeading: $0.1.title) == followUp }
            #expect(!headings.isEmpty)
            #expect(headings.allSatisfy { !cited.contains($0.1.id) })
            let hits = answerer.retriever.retrieve(followUp, limit: 3).hits
            #expect(hits.contains { hit in headings.contains { hit.chunk.pageID == $0.0 && hit.chunk.sectionID == $0.1.id } })
        }
    }

    @Test(arguments: [
        ("Install Askbook", "How do I install Askbook?"),
        ("How to rotate tokens", "How do I rotate tokens?"),
        ("Importing a folder", "How does importing a folder work?"),
        ("Why bloom?", "Why bloom?"),
        ("Bloom the coffee", "How do I bloom the coffee?"),
        ("Water temperature", "What is Water temperature?"),
        ("Tokens", "What are Tokens?"),
        ("Code blocks", "What are Code blocks?"),
        ("Git Sync status", "What is Git Sync status?"),
        ("What make run does", nil),
    ])
    func headingsBecomeQuestions(heading: String, question: String?) {
        #expect(FollowUpGenerator.question(fromHeading: heading) == question)
    }

    @Test func previousQueriesAddContext() async throws {
        let (answerer, _) = try await coffee()
        let alone = try answerer.ask("How long should I wait?")
        let withContext = try answerer.ask("How long should I wait?", previousQueries: ["How do I bloom the coffee?"])
        #expect(withContext.retrieval.hits.first?.chunk.sectionID == "bloom-the-coffee")
        #expect(
            alone.retrieval.hits.map(\.row) != withContext.retrieval.hits.map(\.row)
                || alone.retrieval.hits.first?.chunk.sectionID == "bloom-the-coffee"
        )
    }

    @Test func badQuestionsAreRejected() async throws {
        let (answerer, _) = try await coffee()
        #expect(throws: AskbookError.emptyQuery) { try answerer.ask("   ") }
        #expect(throws: AskbookError.queryTooLong(limit: QueryPolicy.maxAnswererCharacters)) {
            try answerer.ask(String(repeating: "a", count: QueryPolicy.maxAnswererCharacters + 1))
        }
        #expect(throws: AskbookError.self) { try answerer.ask("water", previousQueries: Array(repeating: "q", count: 11)) }
        #expect(throws: AskbookError.emptyIndex) { try answerer.ask("water", spaces: ["other"]) }
        let empty = AnswerEngine(snapshot: .empty(model: try TestSupport.model()))
        #expect(throws: AskbookError.emptyIndex) { try empty.ask("water") }
    }

    @Test func searchGroupsSectionsBySpaceAndPageWithSnippets() async throws {
        let (answerer, _) = try await coffee()
        let results = try SearchComposer(baseURL: "http://docs.test/").search("grind size", retriever: answerer.retriever, spaces: nil, limit: 3)
        #expect(results.count >= 1)
        let page = try #require(results.items.first?.pages.first)
        #expect(page.path == "guides/grinding")
        let section = try #require(page.sections?.first)
        #expect(section.id == "grind-size" && section.path == "guides/grinding#grind-size")
        #expect(section.body.contains("medium-fine grind"))
        #expect(section.urls.app == "http://docs.test/s/coffee/guides/grinding#grind-size")
        let sectionCount = results.items.flatMap(\.pages).reduce(0) { $0 + ($1.sections?.count ?? 0) }
        #expect(sectionCount <= 3)
    }

    // MARK: Helpers

    /// An engine over one space of `pages` (path → markdown), written to a temporary folder and imported without a store.
    private func engine(space: String, pages: [String: String]) async throws -> AnswerEngine {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-\(space)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (path, text) in pages { try text.write(to: folder.appendingPathComponent(path), atomically: true, encoding: .utf8) }
        let (snapshot, _) = try await TestSupport.snapshot(folder: folder.path, space: space, model: try TestSupport.model())
        return AnswerEngine(snapshot: snapshot)
    }

    private func coffee() async throws -> (AnswerEngine, SpaceContent) {
        let model = try TestSupport.model()
        let (snapshot, contents) = try await TestSupport.snapshot(folder: TestSupport.fixture("gitsync"), space: "coffee", model: model)
        return (AnswerEngine(snapshot: snapshot), contents[0])
    }
}
