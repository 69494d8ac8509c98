import ArgumentParser
import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import Testing

@testable import askbook

@Suite struct CLITests {
    @Test(arguments: [
        ["ask", "   "],
        ["search", ""],
        ["search", "x", "--limit", "1001"],
        ["import", "somewhere", "--space", "bad id"],
        ["import", "somewhere", "--space", "ok", "--title", String(repeating: "t", count: 51)],
        ["bench", "--chunks", "5"],
        ["bench", "--queries", "1"],
        ["eval", "nosuchset"],
        ["eval", "squad", "--split", "middle"],
        ["eval", "squad", "--lead-context-characters", "20000"],
        ["mcp", "--space", "bad id"],
        ["serve", "--public", "../x"],
    ])
    func invalidArgumentsFailValidation(arguments: [String]) {
        #expect(throws: (any Error).self) { _ = try AskbookCommand.parseAsRoot(arguments) }
    }

    @Test func validArgumentsParse() throws {
        let command = try AskbookCommand.parseAsRoot(["ask", "How?", "--space", "a", "--space", "b", "--json", "--db", "x.sqlite"])
        let ask = try #require(command as? AskCommand)
        #expect(ask.space == ["a", "b"] && ask.json && ask.storeOptions.databasePath == "x.sqlite")
    }

    @Test func serveAndTokenCommandsParse() throws {
        let serve = try #require(try AskbookCommand.parseAsRoot(["serve", "--port", "0", "--rate-limit", "10"]) as? ServeCommand)
        #expect(serve.port == 0 && serve.rateLimit == 10 && serve.host == "127.0.0.1")
        #expect(throws: (any Error).self) { _ = try AskbookCommand.parseAsRoot(["serve", "--port", "70000"]) }
        let defaults = serve.serverConfiguration(environment: [:])
        #expect(defaults.readTimeout == .seconds(60) && defaults.idleTimeout == .seconds(75) && defaults.maxConnections == 1024)
        #expect(throws: (any Error).self) { _ = try AskbookCommand.parseAsRoot(["tokens", "create", "--role", "owner"]) }
        let create = try #require(try AskbookCommand.parseAsRoot(["tokens", "create", "--role", "edit", "--space", "a"]) as? TokensCommand.Create)
        #expect(create.role == .edit && create.space == ["a"] && create.org == "default")
        let open = try #require(try AskbookCommand.parseAsRoot(["serve", "--public", "a", "b", "--port", "0"]) as? ServeCommand)
        #expect(open.serverConfiguration(environment: [:]).publicSpaces == ["a", "b"])
        let mcp = try #require(try AskbookCommand.parseAsRoot(["mcp", "--space", "a", "--db", "x.sqlite"]) as? MCPCommand)
        #expect(mcp.space == ["a"] && mcp.storeOptions.databasePath == "x.sqlite")
    }

    @Test func visitorKeysNeedASpaceAndTakeOnlyOrigins() throws {
        let db = CLI.temporaryDatabase()
        defer { CLI.removeDatabase(db) }
        let fixture = CLI.packageRoot.appendingPathComponent("Tests/AskbookCoreTests/Fixtures/plain").path
        _ = try CLI.run(["import", fixture, "--space", "plain", "--db", db])
        let created = try CLI.run([
            "tokens", "create", "--role", "visitor", "--space", "plain", "--allow-origin", "https://Docs.Example.com:443", "--db", db,
        ])
        #expect(created.status == 0 && created.stdout.contains("visitor") && created.stdout.contains("origins https://docs.example.com"))
        #expect(try CLI.run(["tokens", "list", "--db", db]).stdout.contains("\tvisitor\tplain\tactive\t\thttps://docs.example.com"))
        let refusals: [([String], String)] = [
            (["--role", "visitor"], "at least one space"),
            (["--role", "visitor", "--space", "plain", "--allow-origin", "https://docs.example.com/"], "no path"),
            (["--role", "visitor", "--space", "plain", "--allow-origin", "javascript:alert(1)"], "scheme"),
            (["--role", "read", "--allow-origin", "https://docs.example.com"], "Only a visitor key"),
        ]
        for (arguments, message) in refusals {
            let refused = try CLI.run(["tokens", "create"] + arguments + ["--db", db])
            #expect(
                refused.status != 0 && refused.stderr.contains(message) && refused.stderr.split(separator: "\n").count == 1,
                "\(arguments): \(refused.stderr)"
            )
        }
    }

    @Test func tokensAreShownOnceListedWithoutSecretsAndRevocable() throws {
        let db = CLI.temporaryDatabase()
        defer { CLI.removeDatabase(db) }
        let fixture = CLI.packageRoot.appendingPathComponent("Tests/AskbookCoreTests/Fixtures/plain").path
        _ = try CLI.run(["import", fixture, "--space", "plain", "--org", "acme", "--db", db])
        let created = try CLI.run(["tokens", "create", "--org", "acme", "--role", "read", "--space", "plain", "--name", "ci", "--db", db])
        #expect(created.status == 0)
        let secret = try #require(created.stdout.split(separator: "\n").first { $0.hasPrefix("secret ") }?.dropFirst(7))
        let id = try #require(created.stdout.split(separator: " ").dropFirst().first)
        let listed = try CLI.run(["tokens", "list", "--db", db])
        #expect(listed.stdout.contains(String(id)) && listed.stdout.contains("active") && !listed.stdout.contains(String(secret)))
        let unknownSpace = try CLI.run(["tokens", "create", "--org", "acme", "--role", "read", "--space", "nope", "--db", db])
        #expect(unknownSpace.status != 0 && unknownSpace.stderr.contains("nope"))
        #expect(try CLI.run(["tokens", "revoke", String(id), "--db", db]).status == 0)
        #expect(try CLI.run(["tokens", "list", "--db", db]).stdout.contains("revoked"))
        #expect(try CLI.run(["tokens", "revoke", String(id), "--db", db]).status != 0)
    }

    @Test func spacesCanBeDeletedRestoredAndPurged() throws {
        let db = CLI.temporaryDatabase()
        defer { CLI.removeDatabase(db) }
        let fixture = CLI.packageRoot.appendingPathComponent("Tests/AskbookCoreTests/Fixtures/plain").path
        _ = try CLI.run(["import", fixture, "--space", "plain", "--db", db])
        #expect(try CLI.run(["spaces", "delete", "plain", "--db", db]).status == 0)
        #expect(try CLI.run(["spaces", "list", "--db", db]).stdout.isEmpty)
        #expect(try CLI.run(["spaces", "list", "--all", "--db", db]).stdout.contains("deleted"))
        #expect(try CLI.run(["ask", "What is in the first page?", "--db", db]).status != 0)
        #expect(try CLI.run(["spaces", "restore", "plain", "--db", db]).status == 0)
        #expect(try CLI.run(["ask", "What is in the first page?", "--db", db]).status == 0)
        _ = try CLI.run(["spaces", "delete", "plain", "--db", db])
        #expect(try CLI.run(["spaces", "purge", "--retention-days", "0", "--db", db]).stdout.contains("purged plain"))
        #expect(try CLI.run(["spaces", "show", "plain", "--db", db]).status != 0)
    }

    @Test func sitesAreListedAndShownWithTheirSiteSpaces() throws {
        let db = CLI.temporaryDatabase()
        defer { CLI.removeDatabase(db) }
        let fixture = CLI.packageRoot.appendingPathComponent("Tests/AskbookCoreTests/Fixtures/site").path
        _ = try CLI.run(["import", fixture, "--space", "docs", "--org", "acme", "--db", db])
        #expect(try CLI.run(["sites", "list", "--db", db]).stdout == "docs\tacme\tTest site\n")
        #expect(try CLI.run(["sites", "list", "--org", "other", "--db", db]).stdout.isEmpty)
        let shown = try CLI.run(["sites", "show", "docs", "--db", db])
        #expect(shown.status == 0 && shown.stdout.contains("docs-alpha\tdocs\tdefault") && shown.stdout.contains("docs-beta\t-\tdefault"))
        #expect(try CLI.run(["sites", "show", "nope", "--db", db]).status != 0)
    }

    @Test func hashingIsStableAcrossProcesses() throws {
        let text = "Connect getSpaceById to the Git Sync repository — naïve café, 42 times."
        let first = try CLI.run(["analyze", text, "--json"])
        let second = try CLI.run(["analyze", text, "--json"])
        #expect(first.status == 0 && first.stdout == second.stdout)
        struct Output: Decodable { var keys: [String] }
        let keys = try JSONDecoder().decode(Output.self, from: Data(first.stdout.utf8)).keys
        let model = try VectorizerModel.load(path: CLI.packageRoot.appendingPathComponent("Models/hashed-v3.json").path)
        #expect(keys == TextAnalyzer(model: model).features(text: text).keys.map { String($0, radix: 16) })
    }

    @Test func importThenAskPrintsGitBooksAnswerShape() throws {
        let db = CLI.temporaryDatabase()
        defer { CLI.removeDatabase(db) }
        let fixture = CLI.packageRoot.appendingPathComponent("Tests/AskbookCoreTests/Fixtures/gitsync").path
        let imported = try CLI.run(["import", fixture, "--space", "coffee", "--db", db])
        #expect(imported.status == 0)
        #expect(imported.stdout.contains("coffee: 3 pages"))
        #expect(imported.stdout.contains("skipped guides/missing.md"))

        let asked = try CLI.run(["ask", "What temperature should the water be?", "--json", "--db", db])
        #expect(asked.status == 0)
        let response = try JSONDecoder().decode(AskResponse.self, from: Data(asked.stdout.utf8))
        let answer = try #require(response.answer)
        #expect(answer.answer.markdown?.contains("90 and 96 degrees") == true)
        #expect(answer.sources.first?.sections.first == "temp")

        let plain = try CLI.run(["ask", "What temperature should the water be?", "--db", db])
        #expect(plain.stdout.contains("Sources") && plain.stdout.contains("guides/brewing#temp"))
        #expect(!plain.stdout.contains("\u{1B}["))  // no colour when not a terminal

        let lines = try CLI.run(["ask", "--json", "--db", db], input: "How fine should I grind?\n\nWhy bloom the coffee?\n")
        #expect(lines.stdout.split(separator: "\n").count == 2)

        let search = try CLI.run(["search", "grind size", "--json", "--db", db])
        let results = try JSONDecoder().decode(SearchResults.self, from: Data(search.stdout.utf8))
        #expect(results.items.first?.pages.first?.path == "guides/grinding")
    }

    @Test(arguments: [
        (["ask", "Anything?", "--db", "/nonexistent/dir/none.sqlite"], "No database"),
        (["serve", "--port", "0", "--db", "/tmp/askbook-no-such-\(UUID().uuidString).sqlite"], "No database"),
        (["ask", "Anything?", "--space", "nope"], "Unknown space"),
        (["search", "anything", "--space", "nope"], "Unknown space"),
    ])
    func errorsAreOneLineWithNonZeroExit(arguments: [String], message: String) throws {
        var arguments = arguments
        var database: String?
        defer { database.map(CLI.removeDatabase) }
        if !arguments.contains("--db") {
            let db = CLI.temporaryDatabase()
            database = db
            let fixture = CLI.packageRoot.appendingPathComponent("Tests/AskbookCoreTests/Fixtures/plain").path
            _ = try CLI.run(["import", fixture, "--space", "plain", "--db", db])
            arguments += ["--db", db]
        }
        let result = try CLI.run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message))
        #expect(result.stderr.trimmingWhitespace().split(separator: "\n").count == 1)
    }

    @Test func serveConnectionOptionsFillTheConfiguration() throws {
        let arguments = ["serve", "--read-timeout", "2.5", "--idle-timeout", "10", "--max-connections", "64"]
        let serve = try #require(try AskbookCommand.parseAsRoot(arguments) as? ServeCommand)
        let configuration = serve.serverConfiguration(environment: [:])
        #expect(configuration.readTimeout == .milliseconds(2500))
        #expect(configuration.idleTimeout == .seconds(10))
        #expect(configuration.maxConnections == 64)
    }

    @Test(arguments: [
        ["--read-timeout", "0"], ["--read-timeout", "nan"], ["--idle-timeout", "-1"], ["--idle-timeout", "1e300"],
        ["--max-connections", "0"], ["--retention-days", "1e300"],
    ])
    func outOfRangeServeOptionsAreRefused(option: [String]) {
        #expect(throws: (any Error).self) { _ = try AskbookCommand.parseAsRoot(["serve"] + option) }
    }

}

/// Runs the built `askbook` executable as a separate process.
enum CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `askbook` binary next to the test bundle.
    static var executable: URL { sibling("askbook") }

    /// The package's executable `name`, built next to the test bundle.
    static func sibling(_ name: String) -> URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/\(name)")
    }

    static func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("askbook-cli-\(UUID().uuidString).sqlite").path
    }

    /// Deletes a database made by `temporaryDatabase()` with its WAL files.
    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// `run` on a Dispatch thread, for a long child process: waiting for it must not hold one of the few threads that
    /// Swift concurrency runs every test's async work on (it starved the live-server tests of their reloads).
    static func runDetached(_ arguments: [String], executable: URL = executable) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try run(arguments, executable: executable) })
            }
        }
    }

    /// Waits for `process` on a Dispatch thread (see `runDetached`).
    static func waitDetached(_ process: Process) async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }

    static func run(_ arguments: [String], input: String? = nil, executable: URL = executable) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe()
        let err = Pipe()
        let stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }
}
