import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// HTTP requests to a live server on a loopback socket, over a real store with two spaces.
///
/// A recipe is `METHOD TARGET`, header lines, a blank line and the body; `{READ}`, `{EDIT}` and `{CURSOR}` are
/// replaced by a read token, an edit token and a real `next.page` cursor. Holds: never a 500, every error in
/// GitBook's body `{"error":{"code","message"}}` with the response's status, and the server keeps answering.
struct RequestTarget: FuzzTarget {
    let name = "requests"
    let maxSize = 16 << 10

    let dictionary = [
        "GET ", "POST ", "PATCH ", "DELETE ", "HEAD ", "PUT ", "/v1/", "/v1/search", "/v1/search/ask", "/v1/spaces/coffee", "/restore", "?query=",
        "&limit=", "&page=", "&format=document", "&details=true", "{CURSOR}", "{READ}", "{EDIT}", "Authorization: Bearer ",
        "Content-Type: application/json\n", "\n\n", "{\"query\":\"", "\"previousQueries\":[", "\"title\":", "\"emoji\":null",
        "\"editMode\":\"locked\"",
        "\"defaultLevel\":", "9223372036854775807", "-1", "1e309", "%00", "%2e%2e", "%", "\u{FEFF}", "\"", "}", "]", ",", ":", "null", "true",
    ]

    /// Starts the server and runs `body` with a target bound to it.
    static func withServer<T: Sendable>(
        model: VectorizerModel,
        fixtures: URL,
        _ body: @escaping @Sendable (RequestTarget) async throws -> T
    ) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-fuzz-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store.open(path: folder.appendingPathComponent("fuzz.sqlite").path)
        let quiet = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })
        let importer = Importer(store: store, model: model, logger: quiet)
        for space in ["gitsync", "plain"] {
            _ = try await importer.run(path: fixtures.appendingPathComponent(space).path, spaceID: space == "gitsync" ? "coffee" : space)
        }
        let (_, read) = try await store.createToken(organizationID: "default", role: .read, spaces: nil, name: "read")
        let (_, edit) = try await store.createToken(organizationID: "default", role: .edit, spaces: ["coffee"], name: "edit")
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.rateLimit = 1 << 30
        let app = await buildApplication(configuration: configuration, store: store, logger: quiet)
        return try await app.test(.live) { client in
            let cursor = try await client.execute(uri: "/v1/search?query=install&limit=1", method: .get, headers: [.authorization: "Bearer \(read)"])
            {
                response in
                (try? JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
                    .flatMap { $0["next"] as? [String: Any] }?["page"] as? String ?? "none"
            }
            return try await body(RequestTarget(client: client, secrets: ["{READ}": read, "{EDIT}": edit, "{CURSOR}": cursor]))
        }
    }

    private let client: any TestClientProtocol
    private let secrets: [String: String]

    private init(client: any TestClientProtocol, secrets: [String: String]) {
        self.client = client
        self.secrets = secrets
    }

    func run(_ input: [UInt8]) async -> String? {
        var text = String(decoding: input, as: UTF8.self)
        for (placeholder, secret) in secrets { text = text.replacingOccurrences(of: placeholder, with: secret) }
        guard let request = Self.parse(text) else { return nil }
        do {
            let finding = try await client.execute(uri: request.target, method: request.method, headers: request.headers, body: request.body) {
                response -> String? in
                let status = Int(response.status.code)
                if status >= 500 && status != 503 { return "status \(status) for \(request.method) \(request.target.prefix(120))" }
                guard status >= 400, request.method != .head else { return nil }
                struct ErrorBody: Decodable {
                    struct Detail: Decodable {
                        var code: Int
                        var message: String
                    }
                    var error: Detail
                }
                guard let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(String(buffer: response.body).utf8)), body.error.code == status
                else {
                    return "a \(status) without GitBook's error body for \(request.method) \(request.target.prefix(120))"
                }
                return nil
            }
            if let finding { return finding }
        } catch {
            // The client refused or the connection closed on a malformed request: the server must still be up.
        }
        let alive = try? await client.execute(uri: "/v1/", method: .get) { $0.status }
        return alive == .ok ? nil : "the server stopped answering GET /v1/"
    }

    private struct Parsed {
        var method: HTTPRequest.Method
        var target: String
        var headers: HTTPFields
        var body: ByteBuffer?
    }

    private static func parse(_ text: String) -> Parsed? {
        let head = text.components(separatedBy: "\n\n").first ?? ""
        let bodyText = text.dropFirst(min(text.count, head.count + 2))
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return nil }
        let requestLine = lines.removeFirst().split(separator: " ", maxSplits: 1).map(String.init)
        guard requestLine.count == 2, let method = HTTPRequest.Method(requestLine[0]), requestLine[1].hasPrefix("/"),
            requestLine[1].utf8.allSatisfy({ $0 > 32 && $0 < 127 })
        else { return nil }
        var headers = HTTPFields()
        for line in lines {
            let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let name = HTTPField.Name(parts[0].trimmingCharacters(in: .whitespaces)) else { continue }
            headers.append(HTTPField(name: name, value: parts[1].trimmingCharacters(in: .whitespaces)))
        }
        let body = bodyText.isEmpty ? nil : ByteBuffer(string: String(bodyText))
        return Parsed(method: method, target: requestLine[1], headers: headers, body: body)
    }
}
