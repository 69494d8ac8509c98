import AskbookCore
import AskbookEvaluation
import Foundation
import Testing

/// The docs-org set: many spaces of one organization, the GitBook set renamed into it, gold that the import creates.
@Suite struct OrganizationSetTests {
    @Test func theGitBookSetIsRenamedAndGivenAlternateSides() throws {
        let lines = [
            #"{"id": "a", "question": "Custom domain?", "answers": ["CNAME"], "gold": {"space": "gitbook", "page": "p", "section": "s"}}"#,
            #"{"id": "b", "question": "Pricing?", "answers": [], "gold": null}"#,
            #"{"id": "c", "question": "Kept?", "answers": [], "gold": null, "split": "test"}"#,
        ]
        let questions = try lines.map { try JSONDecoder().decode(EvalQuestion.self, from: Data($0.utf8)) }
        let renamed = OrganizationQuestions.renamed(questions, documentationSpace: "gitbook-documentation")
        #expect(renamed.map(\.gold?.space) == ["gitbook-documentation", nil, nil])
        #expect(renamed.map(\.split) == ["tune", "test", "test"])
    }

    @Test(.enabled(if: TestSupport.sharedData != nil, "../shared/data is absent; skipping the docs-org preparation test"))
    func preparedQuestionsHaveGoldSectionsTheImportCreates() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-prepare-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let data = try #require(TestSupport.sharedData)
        let (pages, count) = try EvalSet.docsOrg.prepare(data: data, repository: TestSupport.packageRoot, output: output)
        let questions = try EvalQuestion.load(path: output.appendingPathComponent("questions.jsonl").path)
        let corpus = try CorpusPage.load(path: output.appendingPathComponent("corpus.jsonl").path)
        #expect(questions.count == count && corpus.count == pages)

        let spaces = Set(corpus.compactMap(\.space))
        let expected: Set = [
            "gitbook-documentation", "gitbook-developers", "gitbook-guides", "gitbook-policies", "gitbook-changelog", "wandb", "fastapi",
        ]
        #expect(expected.isSubset(of: spaces))
        #expect(corpus.allSatisfy { $0.space != nil })

        // Both files, each question on a side, GitBook's gold moved to the space the import names.
        #expect(questions.filter { $0.id.hasPrefix("gitbook-") }.count >= 160 && questions.filter { $0.id.hasPrefix("org-") }.count >= 190)
        #expect(questions.allSatisfy { $0.split == "tune" || $0.split == "test" })
        #expect(!questions.contains { $0.gold?.space == "gitbook" })
        #expect(questions.filter { !$0.isAnswerable }.count >= 40)

        var units: Set<String> = []
        for page in corpus {
            for section in page.sections { units.insert("\(page.space ?? "")/\(page.page)#\(section.id)") }
        }
        let missing = questions.compactMap(\.gold).map { "\($0.space)/\($0.page)#\($0.section)" }.filter { !units.contains($0) }
        #expect(missing.isEmpty, "gold sections the import does not create: \(missing.prefix(5))")
    }
}
