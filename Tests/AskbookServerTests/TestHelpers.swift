import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging

/// A real SQLite store with two organizations, their spaces and tokens of every kind, for the route tests.
///
/// - `acme`: spaces `coffee` (the core tests' Git Sync fixture) and `tea`;
/// - `globex`: space `vault`, whose text shares some words with acme's but none of its facts.
struct TestEnvironment {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let store: Store
    let directory: URL
    let model: VectorizerModel
    var configuration = ServerConfiguration()
    /// Deletes `directory` when the last copy of the environment is gone.
    private var cleanup: DirectoryRemover?
    /// Token secrets by name: acmeRead, acmeEdit, acmeAdmin, coffeeOnly, globexRead, globexAdmin, revoked.
    var secrets: [String: String] = [:]

    static func make() async throws -> TestEnvironment {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let model = try VectorizerModel.load(path: packageRoot.appendingPathComponent("Models/hashed-v3.json").path)
        var environment = TestEnvironment(
            store: try Store.open(path: directory.appendingPathComponent("askbook.sqlite").path),
            directory: directory,
            model: model
        )
        environment.cleanup = DirectoryRemover(directory)
        environment.configuration.port = 0
        environment.configuration.publicURL = "http://docs.test"
        environment.configuration.reloadInterval = .milliseconds(100)

        let coffee = packageRoot.appendingPathComponent("Tests/AskbookCoreTests/Fixtures/gitsync").path
        _ = try await environment.importer().run(path: coffee, spaceID: "coffee", title: "Coffee", organizationID: "acme")
        _ = try await environment.importer().run(path: try environment.writeTea(), spaceID: "tea", title: "Tea", organizationID: "acme")
        _ = try await environment.importer().run(path: try environment.writeVault(), spaceID: "vault", title: "Vault", organizationID: "globex")

        let tokens: [(String, String, AccessRole, [String]?)] = [
            ("acmeRead", "acme", .read, nil), ("acmeEdit", "acme", .edit, nil), ("acmeAdmin", "acme", .admin, nil),
            ("coffeeOnly", "acme", .read, ["coffee"]), ("globexRead", "globex", .read, nil), ("globexAdmin", "globex", .admin, nil),
            ("revoked", "acme", .admin, nil),
        ]
        for (name, org, role, spaces) in tokens {
            let (token, secret) = try await environment.store.createToken(organizationID: org, role: role, spaces: spaces, name: name)
            environment.secrets[name] = secret
            if name == "revoked" { try await environment.store.revokeToken(id: token.id) }
        }
        return environment
    }

    func importer() -> Importer {
        Importer(store: store, model: model, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    func application(logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })) async -> some ApplicationProtocol {
        await buildApplication(configuration: configuration, store: store, logger: logger)
    }

    /// Runs `sql` on the database file through a connection of its own, as an operator's mistake or a damaged disk
    /// would change it behind the server's back.
    func damage(_ sql: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)  // the server's reloader may be reading
        try DatabaseQueue(path: directory.appendingPathComponent("askbook.sqlite").path, configuration: configuration).write {
            try $0.execute(sql: sql)
        }
    }

    /// `Authorization: Bearer <secret of name>`.
    func auth(_ name: String, json: Bool = false) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(secrets[name]!)"]
        if json { fields[.contentType] = "application/json" }
        return fields
    }

    /// Writes the tea folder (again, with `extra` appended to the green tea page) and returns its path.
    @discardableResult
    func writeTea(extra: String = "") throws -> String {
        let folder = directory.appendingPathComponent("tea")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "# Black tea\n\nSteep black tea for four minutes in boiling water.\n\n## Milk\n\nAdd milk after steeping, never before.\n".write(
            to: folder.appendingPathComponent("black.md"),
            atomically: true,
            encoding: .utf8
        )
        try "# Green tea\n\nSteep green tea for two minutes at 80 degrees.\n\(extra)".write(
            to: folder.appendingPathComponent("green.md"),
            atomically: true,
            encoding: .utf8
        )
        return folder.path
    }

    private func writeVault() throws -> String {
        let folder = directory.appendingPathComponent("vault")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        # Vault

        ## Quokka protocol

        The quokka protocol rotates zanzibar keys every night at midnight.

        ## Cooling water

        Globex keeps the cooling water of its servers at 18 degrees Celsius.
        """.write(to: folder.appendingPathComponent("vault.md"), atomically: true, encoding: .utf8)
        return folder.path
    }
}

extension TestResponse {
    /// The body parsed as strict JSON.
    func json() throws -> JSONValue { try JSONValue.parse(Data(body.readableBytesView)) }

    /// The body decoded as `T`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: Data(body.readableBytesView)) }

    /// GitBook's error body, when it is one.
    var errorMessage: String? {
        guard case .object(let root)? = try? json(), case .object(let error)? = root["error"], case .string(let message)? = error["message"] else {
            return nil
        }
        return message
    }

    /// The `error.code` of GitBook's error body.
    var errorCode: Int? {
        guard case .object(let root)? = try? json(), case .object(let error)? = root["error"], case .number(let code)? = error["code"] else {
            return nil
        }
        return Int(code)
    }
}

extension ByteBuffer {
    /// A JSON body from an encodable value.
    static func json(_ value: some Encodable) throws -> ByteBuffer { ByteBuffer(bytes: try JSONEncoder().encode(value)) }

    /// A body from raw text.
    static func text(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
}

/// GitBook's spec, when `../shared/reference` is present.
enum GitBookSpec {
    static let path = TestEnvironment.packageRoot.deletingLastPathComponent().appendingPathComponent(
        "shared/reference/gitbook-api/endpoints-in-scope.yaml"
    ).path
    static let isPresent = FileManager.default.fileExists(atPath: path)
    static func validator() throws -> SchemaValidator? { isPresent ? try SchemaValidator(path: path) : nil }

    /// The space, organization and site forms (`endpoints-org-space-ask.yaml`).
    static let scopedPath = TestEnvironment.packageRoot.deletingLastPathComponent().appendingPathComponent(
        "shared/reference/gitbook-api/endpoints-org-space-ask.yaml"
    ).path
    static func scopedValidator() throws -> SchemaValidator? { isPresent ? try SchemaValidator(path: scopedPath) : nil }

    /// GitBook's whole legacy spec (`openapi-legacy.yaml`), for the schemas the other files leave out.
    static let legacyPath = TestEnvironment.packageRoot.deletingLastPathComponent().appendingPathComponent(
        "shared/reference/gitbook-api/openapi-legacy.yaml"
    ).path
}

/// One Server-Sent Event as a client reads it: its `event:` name (`nil` for the default) and its `data:` line.
struct StreamEvent: Equatable {
    var name: String?
    var data: String

    /// The events of a stream's text, in order: blocks separated by a blank line, each with `event:` and `data:` lines.
    static func parse(_ text: String) -> [StreamEvent] {
        text.components(separatedBy: "\n\n").compactMap { block in
            var event = StreamEvent(name: nil, data: "")
            var hasData = false
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { event.name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") {
                    event.data = String(line.dropFirst(6))
                    hasData = true
                }
            }
            return hasData ? event : nil
        }
    }

    /// The data parsed as strict JSON.
    func json() throws -> JSONValue { try JSONValue.parse(Data(data.utf8)) }
}

extension TestResponse {
    /// The body's Server-Sent Events.
    var events: [StreamEvent] { StreamEvent.parse(String(buffer: body)) }

    /// The `SearchAIAnswerStream` events of the body (all but `done` and named events), decoded.
    func answerEvents() throws -> [SearchAIAnswerStream] {
        try events.filter { $0.name == nil && $0.data != "done" }.map {
            try JSONDecoder().decode(SearchAIAnswerStream.self, from: Data($0.data.utf8))
        }
    }
}

/// Removes a temporary directory when released.
final class DirectoryRemover: Sendable {
    let url: URL

    init(_ url: URL) { self.url = url }

    deinit { try? FileManager.default.removeItem(at: url) }
}
