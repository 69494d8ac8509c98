import AskbookCore
import Foundation
import Testing

/// Unanswered questions grouped into topics over the coffee fixture: questions about one topic the docs lack land
/// in one group, apart from the other topics'.
@Suite struct QuestionTopicsTests {
    static let decaf = ["How is decaf coffee made?", "Does decaf still have caffeine?", "Which decaf process keeps the most flavour?"]
    static let froth = ["How do I froth milk for a latte?", "What milk froths best?", "Can I froth oat milk?"]
    static let coldBrew = ["How long should cold brew steep?", "Is cold brew less acidic than hot coffee?"]

    @Test func questionsAboutOneMissingTopicLandInOneGroup() async throws {
        let model = try TestSupport.model()
        let (snapshot, _) = try await TestSupport.snapshot(folder: TestSupport.fixture("gitsync"), space: "coffee", model: model)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        // Interleaved, as readers ask them; decaf asked twice more.
        let texts =
            [Self.decaf[0], Self.froth[0], Self.coldBrew[0], Self.decaf[1], Self.froth[1], Self.coldBrew[1], Self.decaf[2], Self.froth[2]]
            + [Self.decaf[0], Self.decaf[0]]
        let questions = texts.enumerated().map { index, text in
            UnansweredQuestion(
                text: text,
                askedAt: start.addingTimeInterval(Double(index) * 60),
                pages: [.init(spaceID: "coffee", pageID: "p\(index % 2)", path: index % 2 == 0 ? "guides/brewing" : "guides/grinding")]
            )
        }
        let topics = QuestionTopics(model: model).group(questions, snapshot: snapshot, spaces: ["coffee"])
        #expect(topics.count == 3, "\(topics.map(\.examples))")
        let groups = topics.map { Set($0.examples) }
        #expect(groups.contains(Set(Self.decaf)))
        #expect(groups.contains(Set(Self.froth)))
        #expect(groups.contains(Set(Self.coldBrew)))

        let first = try #require(topics.first)
        // The most asked topic first, counting repeats; its examples newest first; its time the latest ask.
        #expect(first.count == 5)
        #expect(first.examples.first == Self.decaf[0])
        #expect(first.lastAsked == start.addingTimeInterval(9 * 60))
        #expect(first.terms.contains("decaf"))
        #expect(first.closestPages.first?.path == "guides/brewing")
        #expect(first.closestPages.first?.questions == 3)
    }

    @Test func theGroupingDoesNotDependOnTheOrderGiven() async throws {
        let model = try TestSupport.model()
        let (snapshot, _) = try await TestSupport.snapshot(folder: TestSupport.fixture("gitsync"), space: "coffee", model: model)
        let texts = Self.decaf + Self.froth + Self.coldBrew
        let questions = texts.enumerated().map { UnansweredQuestion(text: $1, askedAt: Date(timeIntervalSince1970: Double($0)), pages: []) }
        let grouping = QuestionTopics(model: model)
        let forward = grouping.group(questions, snapshot: snapshot, spaces: nil).map { Set($0.examples) }
        let backward = grouping.group(questions.reversed(), snapshot: snapshot, spaces: nil).map { Set($0.examples) }
        #expect(Set(forward) == Set(backward))
        #expect(grouping.group([], snapshot: snapshot, spaces: nil).isEmpty)
    }

    /// A word the docs use in many chunks ("several") is a key of two unrelated questions, yet does not join them;
    /// a word the docs never use does.
    @Test func anOrdinaryWordOfTheDocsDoesNotJoinUnrelatedQuestions() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("topics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, drink) in ["green tea", "black tea", "oolong", "rooibos", "mint tea", "chai"].enumerated() {
            try "# Page \(index)\n\nSteep \(drink) in several changes of hot water.\n".write(
                to: folder.appendingPathComponent("p\(index).md"),
                atomically: true,
                encoding: .utf8
            )
        }
        let model = try TestSupport.model()
        let (snapshot, _) = try await TestSupport.snapshot(folder: folder.path, space: "tea", model: model)
        let texts = ["several decaf?", "several zeppelins?", "decaf!"]
        let questions = texts.map { UnansweredQuestion(text: $0, askedAt: Date(timeIntervalSince1970: 0), pages: []) }
        var grouping = QuestionTopics(model: model)
        grouping.keyTermCount = 2
        let topics = grouping.group(questions, snapshot: snapshot, spaces: nil).map { Set($0.examples) }
        #expect(Set(topics) == [["several decaf?", "decaf!"], ["several zeppelins?"]])
        // Counting "several" as distinctive would have joined them all.
        grouping.distinctiveFraction = 1
        #expect(grouping.group(questions, snapshot: snapshot, spaces: nil).count == 1)
    }
}
