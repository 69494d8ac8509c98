import AskbookCore
import Foundation
import Testing

/// What goes into an answer: the sentence that answers, with the block it introduces; no navigation, headings or
/// markup residue; code only when asked for, and cut.
@Suite struct AnswerCompositionTests {
    @Test func aSentenceThatIntroducesCodeComesWithIt() async throws {
        let docs = try await Docs.make()
        let result = try docs.engine.ask("How do I install the CLI?")
        let markdown = try #require(result.answer.answer.markdown)
        #expect(!result.composed.abstained)
        #expect(markdown.hasPrefix("To install the CLI globally, simply run:"))
        #expect(markdown.contains("```\nnpm install -g @acme/cli\n```"))
        // The intro and its block are one piece, cited once.
        #expect(result.composed.citations.prefix(2).map(\.piece) == [0, 0])
        #expect(result.composed.citations.prefix(2).map(\.kind) == [.paragraph, .code])
    }

    @Test func cardTablesAndContentRefsBecomeLinksAndAreNeverQuoted() async throws {
        let docs = try await Docs.make()
        let blocks = try #require(docs.contents.pages.first { $0.path == "overview" }).sections.flatMap(\.blocks)
        let links = blocks.filter { $0.kind == .link }
        #expect(links.map(\.text) == ["Install — Install the command line tool on your machine.", "CLI installation"])
        #expect(links.map(\.target) == ["install", "install"])
        #expect(!blocks.contains { $0.text.contains("install.md") || $0.text.contains(":globe:") })

        let result = try docs.engine.ask("How do I install the command line tool on my machine?")
        #expect(result.composed.citations.allSatisfy { $0.kind != .link })
        #expect(!(result.answer.answer.markdown ?? "").contains("Install the command line tool on your machine."))
    }

    @Test func headingsLabelsAndSummariesAreNeverQuoted() async throws {
        let docs = try await Docs.make()
        let page = try #require(docs.contents.pages.first { $0.path == "install" })
        let kinds = Dictionary(page.sections.flatMap(\.blocks).map { ($0.text, $0.kind) }, uniquingKeysWith: { a, _ in a })
        #expect(kinds["Install with npm on macOS"] == .label)
        #expect(kinds["Upgrading the CLI on macOS"] == .label)
        #expect(kinds["Install the Acme command line tool on macOS and Linux"] == .summary)

        let result = try docs.engine.ask("Install the CLI on macOS")
        for citation in result.composed.citations {
            #expect(![.label, .summary, .link].contains(citation.kind))
            #expect(!["Install with npm on macOS", "Upgrading the CLI on macOS"].contains(citation.text))
        }
    }

    @Test func longCodeIsCutWithALinkToItsSection() async throws {
        let docs = try await Docs.make()
        let result = try docs.engine.ask("Show me an example configuration file for the server")
        let markdown = try #require(result.answer.answer.markdown)
        let code = try #require(result.composed.citations.first { $0.kind == .code })
        #expect(code.text.split(separator: "\n").count <= ComposerConfiguration().maxCodeLines)
        #expect(code.text.hasPrefix("server:\n  option_0: 0"))
        #expect(!markdown.contains("option_39"))
        #expect(markdown.contains("(shortened: [the full example](configure#example-configuration))"))
    }

    @Test func codeIsNotQuotedForAQuestionThatAsksNone() async throws {
        let docs = try await Docs.make()
        let result = try docs.engine.ask("What does the server option zero do?")
        #expect(result.composed.citations.allSatisfy { $0.kind != .code })
    }

    @Test func aHowManyQuestionLeadsWithTheNumberAndItsUnit() async throws {
        let docs = try await Docs.make()
        let result = try docs.engine.ask("What is the biggest file I can upload to a section?")
        let markdown = try #require(result.answer.answer.markdown)
        // The sentence with the number leads, with the sentences around it.
        #expect(result.composed.lead.contains("Each uploaded file can be up to 100 MB."))
        #expect(markdown.hasPrefix(result.composed.lead))
    }

    @Test(arguments: [
        (AnswerCue.Kind.quantity, "How long does it take for DNS to update?"),
        (.quantity, "Is there a limit on how many pages I can import?"),
        (.polar, "If I hide a page, does it still end up in the export?"),
        (.polar, "Can I nest tables?"),
        (.procedure, "How do I restore a section to an earlier version?"),
        (.reason, "Why don't I see the option to add a page?"),
        (.other, "What file types can I import?"),
    ])
    func questionsAreReadForTheKindOfAnswerTheyAskFor(kind: AnswerCue.Kind, question: String) {
        #expect(AnswerCue(question: question).kind == kind)
    }

    @Test func theLeadComesWithTheSentencesAroundIt() async throws {
        let docs = try await Docs.make()
        let result = try docs.engine.ask("Does the Acme server keep a local cache of every page it renders?")
        let markdown = try #require(result.answer.answer.markdown)
        // The sentence before, in the paragraph before, states what the cache is for.
        #expect(markdown.hasPrefix("Once its cache is warm, the server answers without any network access."))
        #expect(markdown.contains("The Acme server keeps a local cache of every page it renders."))
        // The site generator's include directive between the two is passed over.
        #expect(!markdown.contains("docs_src"))
        #expect(result.composed.citations.prefix(2).map(\.piece) == [0, 0])
    }

    @Test func aHeadingsAttributeListGivesItsAnchorAndLeavesItsTitle() throws {
        let markdown = "# Using BackgroundTasks { #using-backgroundtasks }\n\nText.\n\n## Dict {}\n\nMore.\n\n## Query {#query .wide}\n\nEnd."
        let sections = try PageSectioner().sections(of: markdown).sections
        #expect(sections.map(\.id) == ["using-backgroundtasks", "dict-", "query"])
        #expect(sections.map(\.title) == ["Using BackgroundTasks", "Dict {}", "Query"])
    }

    @Test func markupInQuotedTextIsEscapedAndTheEnterGlyphSpeltOut() async throws {
        #expect(!AnswerMarkdown.escaped("```⏎ creates a new code block.").contains("⏎"))
        #expect(AnswerMarkdown.escaped("```⏎ creates a new code block.").hasPrefix("\\`\\`\\` Enter creates"))
        #expect(AnswerMarkdown.escaped("Hit Enter ⏎ to move down.") == "Hit Enter to move down.")
        #expect(AnswerMarkdown.escaped("Call add_task() with *args.") == "Call add_task() with \\*args.")

        let docs = try await Docs.make()
        let result = try docs.engine.ask("How do I create a new code block with a shortcut?")
        let markdown = try #require(result.answer.answer.markdown)
        #expect(!markdown.contains("⏎"))
        #expect(!markdown.contains("\n```⏎"))
    }

    @Test func aDocumentedQuestionIsNotQuotedButItsAnswerIs() async throws {
        let docs = try await Docs.make()
        let result = try docs.engine.ask("Can I put a site inside another site?")
        let markdown = try #require(result.answer.answer.markdown)
        // The FAQ entry's answer shares one word with the question; its `<summary>` question carries the rest.
        #expect(markdown.hasPrefix("It is not possible to nest sites in Acme."))
        #expect(result.composed.citations.allSatisfy { !$0.text.hasSuffix("?") })
    }

    @Test func aQuestionInsideAParagraphIsAnsweredByTheRestOfIt() async throws {
        let docs = try await Docs.make()
        let result = try docs.engine.ask("Can I take Acme on a plane?")
        // The answer shares no word with the question; the question before it in its paragraph does.
        #expect(result.composed.lead.hasPrefix("Yes, once its cache is warm nothing needs a network."))
    }

    @Test func aQuestionHeadingsFirstBlockAnswersWithTheListAfterIt() async throws {
        let docs = try await Docs.make()
        let result = try docs.engine.ask("Is there a discount for yearly billing?")
        #expect(!result.composed.abstained)
        // The answer to "Is there a discount for paying yearly?" goes on in its list.
        #expect(result.composed.lead.contains("Yearly billing saves you money on every plan."))
        #expect(result.composed.lead.contains("You get 20% off when you pay for twelve months at once."))
    }

    @Test func aLeadWithoutTheNumberAskedForIsFollowedByTheUnitThatHasIt() async throws {
        let docs = try await Docs.make()
        let question = "How many redirects can I import from one CSV file?"
        // A supporting ratio so high that no piece scores near enough to the lead to support it…
        var strict = ComposerConfiguration()
        strict.supportingRatio = 0.95
        let result = try docs.engine.answerer(configuration: strict).ask(question)
        let markdown = try #require(result.answer.answer.markdown)
        #expect(result.composed.lead.hasPrefix("Click Add redirect and choose Upload CSV to import redirects from a CSV file."))
        #expect(!result.composed.lead.contains("500"))
        // … still lets the sentence with the number complete a lead without one.
        #expect(markdown.contains("Each import accepts at most 500 rows."))

        strict.completedKinds = []
        let without = try docs.engine.answerer(configuration: strict).ask(question)
        #expect(!(without.answer.answer.markdown ?? "").contains("500 rows"))
        // The answer with the number answers the word that asks for it ("many"), which the lead alone does not.
        let completed = try #require(result.composed.signals?.leadCoverage)
        let alone = try #require(without.composed.signals?.leadCoverage)
        #expect(completed > alone)
    }

    @Test func aLaterStepComesWithTheStepsBeforeItAndTheirIntroduction() async throws {
        let docs = try await Docs.make()
        let result = try docs.engine.ask("How do I hand over my organization to a colleague?")
        let markdown = try #require(result.answer.answer.markdown)
        // The step that shares the question's words is the second; the procedure starts before it.
        #expect(result.composed.lead.contains("To hand over fully, have the remaining admin take you off the organization's member list."))
        #expect(markdown.contains("Passing on ownership comes down to promoting the successor to admin:"))
        #expect(markdown.contains("Promote the successor to the admin role first."))
        let intro = try #require(markdown.range(of: "promoting the successor to admin:"))
        let step = try #require(markdown.range(of: "To hand over fully"))
        #expect(intro.lowerBound < step.lowerBound)
    }

    // MARK: Helpers

    /// A small space written to a temporary folder, loaded and embedded without a store.
    struct Docs {
        var engine: AnswerEngine
        var contents: SpaceContent

        static let files: [String: String] = [
            "README.md": """
            # Acme

            Acme is a command line tool and a server for publishing documentation.
            """,
            "overview.md": """
            # Overview

            Start here to find your way around the Acme tool.

            <table data-view="cards"><thead><tr><th></th><th></th><th></th><th data-hidden data-card-target data-type="content-ref"></th></tr></thead><tbody><tr><td><i class="fa-globe">:globe:</i></td><td><h4>Install</h4></td><td>Install the command line tool on your machine.</td><td><a href="install.md">install.md</a></td></tr></tbody></table>

            {% content-ref url="install.md" %}
            [install.md](install.md)
            {% endcontent-ref %}

            ## Next steps

            Read about configuring the server and installing the command line tool on your machine next.
            """,
            "install.md": """
            ---
            description: Install the Acme command line tool on macOS and Linux
            ---

            # CLI installation

            The Acme CLI runs on macOS and Linux and needs Node 18 or later.

            {% tabs %}
            {% tab title="Install with npm on macOS" %}
            To install the CLI globally, simply run:

            ```bash
            npm install -g @acme/cli
            ```
            {% endtab %}
            {% endtabs %}

            **Upgrading the CLI on macOS**

            Upgrades keep your settings and your login.

            ## Uploads

            You can upload files to a section of your docs by dragging the files onto the page in the editor.
            Each uploaded file can be up to 100 MB.
            Uploaded files appear in the section's file list.

            ## Shortcuts

            Markdown shortcuts work in the editor.
            ` ```⏎ ` creates a new code block in the editor when you type it.
            """,
            "configure.md": """
            # Configure the server

            The server reads its options from a configuration file.
            Option zero turns the server's cache off when it is set.

            ## Example configuration

            Here is an example configuration file for the server:

            ```yaml
            server:
            \((0..<40).map { "  option_\($0): \($0)" }.joined(separator: "\n"))
            ```
            """,
            "faq.md": """
            # Billing and sites FAQ

            ### Is there a discount for paying yearly?

            Yes. Yearly billing saves you money on every plan.

            * You get 20% off when you pay for twelve months at once.
            * The discount stays for as long as you renew.

            ### Sites

            <details>

            <summary>Can I put a site inside another site?</summary>

            It is not possible to nest sites in Acme. Each site keeps its own settings and domain.

            </details>
            """,
            "travel.md": """
            # Travel

            Can I take Acme on a plane? Yes, once its cache is warm nothing needs a network.
            """,
            "redirects.md": """
            # Site redirects

            ## Import redirects from a CSV

            Click Add redirect and choose Upload CSV to import redirects from a CSV file.

            * Each redirect in the CSV file needs a source path.
            * A redirect in the CSV file may point to an external URL.
            * Redirects in a CSV file can also be drafts.

            Each import accepts at most 500 rows.
            """,
            "ownership.md": """
            # Organization settings

            ## Transfer ownership

            Passing on ownership comes down to promoting the successor to admin:

            1. Promote the successor to the admin role first.
            2. To hand over fully, have the remaining admin take you off the organization's member list.
            """,
            "cache.md": """
            # Page cache

            ## Offline use

            Once its cache is warm, the server answers without any network access.

            {* ../../docs_src/cache/tutorial001.py hl[3] *}

            The Acme server keeps a local cache of every page it renders.
            """,
        ]

        static func make() async throws -> Docs {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-answers-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            for (path, text) in files {
                let url = folder.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
            let (snapshot, contents) = try await TestSupport.snapshot(folder: folder.path, space: "acme", model: try TestSupport.model())
            return Docs(engine: AnswerEngine(snapshot: snapshot), contents: contents[0])
        }
    }
}
