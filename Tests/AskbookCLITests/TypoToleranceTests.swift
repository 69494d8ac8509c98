import Foundation
import Testing

/// `askbook search "custm domian"` finds the custom-domain page, and says what it searched for.
@Suite struct TypoToleranceTests {
    @Test func aMisspelledSearchFindsThePageAndSaysWhatWasCorrected() async throws {
        let db = CLI.temporaryDatabase()
        let folder = try Self.writeSpace()
        defer {
            CLI.removeDatabase(db)
            try? FileManager.default.removeItem(at: folder)
        }
        #expect(try await CLI.runDetached(["import", folder.path, "--space", "docs", "--db", db]).status == 0)

        let search = try await CLI.runDetached(["search", "custm domian", "--db", db])
        #expect(search.status == 0)
        #expect(search.stdout.contains("Searched for: custom domain (corrected from: custm domian)"))
        let firstPage = search.stdout.split(separator: "\n").first { $0.hasPrefix("  ") && !$0.hasPrefix("    ") }
        #expect(firstPage?.contains("Custom domains") == true, "\(search.stdout)")

        let json = try await CLI.runDetached(["search", "custm domian", "--json", "--db", db])
        let body = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let spelling = try #require(body["spelling"] as? [String: Any])
        #expect(spelling["text"] as? String == "custom domain")

        // A word the space holds is never corrected, and then nothing is said.
        let exact = try await CLI.runDetached(["search", "custom domain", "--db", db])
        #expect(!exact.stdout.contains("Searched for"))

        let ask = try await CLI.runDetached(["ask", "how do I set up a custm domian?", "--db", db])
        #expect(ask.status == 0 && ask.stdout.hasPrefix("Searched for: how do I set up a custom domain? (corrected from:"))
    }

    // MARK: Helpers

    /// A three-page space in a new temporary folder.
    private static func writeSpace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-typos-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pages = [
            "custom-domains.md":
                "# Custom domains\n\nPublish your site on a custom domain: add a CNAME record at your DNS provider, then verify the domain.\n",
            "billing.md": "# Billing\n\nInvoices are sent every month. Change the payment card from the billing settings.\n",
            "teams.md": "# Teams\n\nInvite members to a team and give each a role: reader, editor or admin.\n",
        ]
        for (name, text) in pages { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return folder
    }
}
