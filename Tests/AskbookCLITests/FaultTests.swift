import AskbookCore
import AskbookStore
import Foundation
import Logging
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Faults an operator meets: an import killed at any point while a server answers from the same database, two
/// imports at once, a site whose import cannot finish. The database must stay whole and the answers never fail.
@Suite(.serialized) struct FaultTests {
    @Test func importKilledAtRandomPointsLeavesOneWholeRevisionWhileServing() async throws {
        let db = CLI.temporaryDatabase()
        defer { CLI.removeDatabase(db) }
        let corpus = try MarkedCorpus(pages: 150)
        defer { corpus.remove() }
        #expect(try await CLI.runDetached(["import", corpus.folder(.first), "--space", "docs", "--db", db]).status == 0)
        let token = try await CLI.runDetached(["tokens", "create", "--role", "read", "--quiet", "--db", db]).stdout.trimmingWhitespace()
        let server = try LocalServer(database: db)
        defer { server.stop() }
        try await server.waitUntilUp()

        var generator = SystemRandomNumberGenerator()
        var answered = 0
        for round in 0..<8 {
            let process = try CLI.start(["import", corpus.folder(round.isMultiple(of: 2) ? .second : .first), "--space", "docs", "--db", db])
            try await Task.sleep(for: .milliseconds(Int.random(in: 20...900, using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(try await server.ask("Which colour marks this page?", token: token) == 200)
            answered += 1
        }
        #expect(answered == 8)
        server.stop()

        let store = try Store.open(path: db, create: false)
        #expect(try await store.integrityCheck() == ["ok"])
        // One version whole: all its pages, and no section of the other version.
        let snapshot = try #require(try await store.loadSnapshot(logger: .init(label: "test")))
        let chunks = snapshot.chunks.filter { $0.spaceID == "docs" }
        #expect(Set(chunks.map(\.pageID)).count == corpus.pages)
        // Exact text, not a search: the character n-grams make "vermilion" match a section or two of the other version.
        let marked = MarkedCorpus.Version.allCases.map { version in Set(chunks.filter { $0.text.contains(version.marker) }.map(\.pageID)).count }
        #expect(marked.sorted() == [0, corpus.pages], "pages marked per version: \(marked)")
    }

    @Test func twoImportsAtOnceBothSucceed() async throws {
        let db = CLI.temporaryDatabase()
        defer { CLI.removeDatabase(db) }
        let corpus = try MarkedCorpus(pages: 60)
        defer { corpus.remove() }
        _ = try await CLI.runDetached(["import", corpus.folder(.first), "--space", "warm", "--db", db])
        let imports = try ["one", "two", "three"].map { try CLI.start(["import", corpus.folder(.second), "--space", $0, "--db", db]) }
        for process in imports { await CLI.waitDetached(process) }
        #expect(imports.map(\.terminationStatus) == [0, 0, 0])
        #expect(try await CLI.runDetached(["spaces", "list", "--db", db]).stdout.split(separator: "\n").count == 4)
    }

    @Test func repeatedImportsDoNotGrowTheWriteAheadLog() async throws {
        let db = CLI.temporaryDatabase()
        defer { CLI.removeDatabase(db) }
        let corpus = try MarkedCorpus(pages: 60)
        defer { corpus.remove() }
        for round in 0..<4 {
            #expect(
                try await CLI.runDetached(["import", corpus.folder(round.isMultiple(of: 2) ? .first : .second), "--space", "docs", "--db", db]).status
                    == 0
            )
        }
        let wal = (try? FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? Int) ?? 0
        #expect(wal < 1 << 20, "the WAL holds \(wal) bytes after the imports")
    }

    @Test func aSiteWithAnEmptySpaceImportsNothingAndSaysSo() async throws {
        let db = CLI.temporaryDatabase()
        defer { CLI.removeDatabase(db) }
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-site-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: site) }
        try FileManager.default.createDirectory(at: site.appendingPathComponent("good"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: site.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try "# Good\n\nA page with text.".write(to: site.appendingPathComponent("good/README.md"), atomically: true, encoding: .utf8)
        let config = """
            spaces:
              - {type: space, title: Good, content: {directory: good}}
              - {type: space, title: Empty, content: {directory: empty}}
            """
        try config.write(to: site.appendingPathComponent("docs.yaml"), atomically: true, encoding: .utf8)
        let result = try await CLI.runDetached(["import", site.path, "--space", "site", "--db", db])
        #expect(result.status != 0)
        #expect(result.stderr.contains("site-empty") && result.stderr.contains("nothing was imported"))
        #expect(try await CLI.runDetached(["spaces", "list", "--all", "--db", db]).stdout.isEmpty)
    }
}

/// A generated folder of pages in two versions; each version's pages carry a marker word of their own.
struct MarkedCorpus {
    enum Version: String, CaseIterable {
        case first, second
        var marker: String { self == .first ? "vermilion" : "turquoise" }
    }

    let root: URL
    let pages: Int

    init(pages: Int) throws {
        self.pages = pages
        root = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-corpus-\(UUID().uuidString)")
        let words = ["index", "bucket", "revision", "snapshot", "answer", "section", "token", "import", "cursor", "space", "chunk"]
        for version in Version.allCases {
            let folder = root.appendingPathComponent(version.rawValue)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for page in 0..<pages {
                let body = (0..<60).map { i in "The \(words[(page + i) % words.count]) \(words[(page * 7 + i) % words.count]) note \(i)." }
                let text = "# Page \(page)\n\nThis page is marked \(version.marker).\n\n" + body.joined(separator: " ") + "\n"
                try text.write(to: folder.appendingPathComponent("page-\(page).md"), atomically: true, encoding: .utf8)
            }
        }
    }

    func folder(_ version: Version) -> String { root.appendingPathComponent(version.rawValue).path }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// `askbook serve` in a child process on a free loopback port.
final class LocalServer {
    let port: Int
    private let process: Process

    init(database: String) throws {
        port = try LocalServer.freePort()
        process = try CLI.start(["serve", "--db", database, "--port", String(port)])
    }

    func waitUntilUp() async throws {
        for _ in 0..<200 {
            if (try? await request("/v1/", method: "GET", token: nil, body: nil)) == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the server did not answer within 20 s")
    }

    /// POST /v1/search/ask; the HTTP status.
    func ask(_ question: String, token: String) async throws -> Int {
        let body = try JSONSerialization.data(withJSONObject: ["query": question])
        return try await request("/v1/search/ask", method: "POST", token: token, body: body)
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    private func request(_ path: String, method: String, token: String?, body: Data?) async throws -> Int {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 10
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    /// A port the kernel just handed out and released.
    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw CocoaError(.fileReadUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension CLI {
    /// Starts `askbook` with `arguments` without waiting; its output is discarded.
    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}

extension FaultTests {
    @Test func serveRefusesAMissingDatabaseAndCreatesNothing() async throws {
        let db = CLI.temporaryDatabase()
        defer { CLI.removeDatabase(db) }
        let result = try await CLI.runDetached(["serve", "--port", "0", "--db", db])
        #expect(result.status != 0 && result.stderr.contains("No database"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}
