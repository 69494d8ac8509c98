import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// HTTP requests to a live server over new loopback connections, raw bytes included, over a real store with two spaces.
///
/// A recipe is `METHOD TARGET`, header lines, a blank line and the body; `{READ}`, `{EDIT}` and `{CURSOR}` are
/// replaced by a read token, an edit token and a real `next.page` cursor; `{FORGED}` by that cursor with its
/// offset made `Int.max`. Holds: never a 500, every error in
/// GitBook's body `{"error":{"code","message"}}` with the response's status, and the server keeps answering.
struct RequestTarget: FuzzTarget {
    let name = "requests"
    let maxSize = 16 << 10

    let dictionary = [
        "GET ", "POST ", "PATCH ", "DELETE ", "HEAD ", "PUT ", "/v1/", "/v1/search", "/v1/search/ask", "/v1/spaces/coffee", "/restore", "?query=",
        "&limit=", "&page=", "&format=document", "&details=true", "{CURSOR}", "{FORGED}", "{READ}", "{EDIT}", "Authorization: Bearer ",
        "Content-Type: application/json\n", "Transfer-Encoding: chunked\n", "Content-Length: 99999999999\n", "\n\n", "5\r\nhello\r\n0\r\n\r\n",
        "{\"query\":\"", "\"previousQueries\":[", "\"title\":", "\"emoji\":null",
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
            let cursor = try await client.execute(
                uri: "/v1/search?query=coffee%20water&limit=1",
                method: .get,
                headers: [.authorization: "Bearer \(read)"]
            ) {
                response in
                (try? JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
                    .flatMap { $0["next"] as? [String: Any] }?["page"] as? String ?? "none"
            }
            guard let port = client.port else { throw CancellationError() }
            let secrets = ["{READ}": read, "{EDIT}": edit, "{CURSOR}": cursor, "{FORGED}": Self.forge(cursor)]
            return try await body(RequestTarget(port: port, secrets: secrets))
        }
    }

    /// The cursor with its offset (the digits after its last `:`, once base64url-decoded) replaced by `Int.max`: the
    /// forgery that once overflowed the server's arithmetic.
    static func forge(_ cursor: String) -> String {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8), let colon = text.lastIndex(of: ":") else {
            return cursor
        }
        let forged = text[...colon] + String(Int.max) + text[colon...].drop { $0 == ":" }.drop(while: \.isNumber)
        return Data(forged.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private let client: RawHTTPClient
    private let secrets: [String: String]

    private init(port: Int, secrets: [String: String]) {
        client = RawHTTPClient(port: port)
        self.secrets = secrets
    }

    func run(_ input: [UInt8]) async -> String? {
        var text = String(decoding: input, as: UTF8.self)
        for (placeholder, secret) in secrets { text = text.replacingOccurrences(of: placeholder, with: secret) }
        let (request, method, target) = Self.wire(text)
        if let response = try? client.exchange(request), let finding = Self.check(response, method: method, target: target) {
            return finding
        }
        // Refused, closed or timed out: whatever the request did, the server must still answer a new connection.
        return client.status(get: "/v1/") == 200 ? nil : "the server stopped answering GET /v1/ after \(method) \(target.prefix(120))"
    }

    /// What must hold of any response: no 500 (503 is a reported outage), GitBook's error body with the status.
    private static func check(_ response: RawHTTPClient.Response, method: String, target: String) -> String? {
        let status = response.status
        if status >= 500 && status != 503 { return "status \(status) for \(method) \(target.prefix(120))" }
        guard status >= 400, method != "HEAD" else { return nil }
        // NIO's HTTP parser answers a request it cannot parse with a bare 400 and closes, as nginx does.
        if status == 400, response.body.isEmpty, response.headers.contains(where: { $0.0 == "connection" && $0.1 == "close" }) { return nil }
        struct ErrorBody: Decodable {
            struct Detail: Decodable {
                var code: Int
                var message: String
            }
            var error: Detail
        }
        guard let body = try? JSONDecoder().decode(ErrorBody.self, from: response.body), body.error.code == status else {
            return "a \(status) without GitBook's error body for \(method) \(target.prefix(120))"
        }
        return nil
    }

    /// The recipe as HTTP/1.1 bytes: CRLF line ends, `Host` and `Connection: close` added, and `Content-Length`
    /// unless the recipe sets its own framing (then the body goes as written, malformed chunks included).
    private static func wire(_ text: String) -> (bytes: [UInt8], method: String, target: String) {
        let parts = text.components(separatedBy: "\n\n")
        let head = parts[0].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let body = parts.dropFirst().joined(separator: "\n\n")
        let requestLine = head.first ?? ""
        let words = requestLine.split(separator: " ", maxSplits: 1).map(String.init)
        var lines = [requestLine + " HTTP/1.1", "Host: 127.0.0.1", "Connection: close"] + head.dropFirst()
        let framed = head.contains { $0.lowercased().hasPrefix("content-length") || $0.lowercased().hasPrefix("transfer-encoding") }
        if !framed, !body.isEmpty { lines.append("Content-Length: \(body.utf8.count)") }
        let bytes = Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
        return (bytes, words.first ?? "", words.count > 1 ? words[1] : "")
    }
}
