import AskbookMCP
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MCP
import NIOCore

/// `POST /mcp`: the MCP server over Streamable HTTP, behind the same bearer tokens, space limits and rate limit as
/// `/v1/search/ask`.
///
/// Stateless: each POST is one JSON-RPC message answered with one JSON response, by a fresh SDK `Server` on the SDK's
/// `StatelessHTTPServerTransport`, whose tools read what the request's token may read. No session is kept, so there is
/// nothing to expire or bound and a token's rights are checked on every message, never remembered from `initialize`.
/// `GET` (a server-to-client event stream) and `DELETE` (ending a session) answer 405, as the specification allows a
/// server without them. The adapter between Hummingbird's request and the transport's framework-neutral
/// `HTTPRequest`/`HTTPResponse` is the only hand-written part.
struct MCPController {
    let store: Store
    let holder: IndexHolder
    let baseURL: String
    let configuration: ServerConfiguration

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(use: handle)
        group.get(use: handle)
        group.delete(use: handle)
    }

    func handle(_ request: Hummingbird.Request, context: AppRequestContext) async throws -> Hummingbird.Response {
        let token = try context.requireToken(role: .read, to: "using the MCP server")
        var body: Data?
        if request.method == .post {
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            body = Data(buffer.readableBytesView)
        }
        var headers: [String: String] = [:]
        for field in request.headers where field.name != .authorization {
            headers[field.name.canonicalName] = headers[field.name.canonicalName].map { $0 + ", " + field.value } ?? field.value
        }
        let library = TokenLibrary(token: token, holder: holder, store: store, baseURL: baseURL, composer: configuration.composer)
        let server = await AskbookMCPServer.make(library: library)
        let transport = StatelessHTTPServerTransport(validationPipeline: Self.validation, logger: context.logger)
        try await server.start(transport: transport)
        let answer = await transport.handleRequest(MCP.HTTPRequest(method: request.method.rawValue, headers: headers, body: body, path: "/mcp"))
        await server.stop()
        return Self.response(answer)
    }

    /// The SDK's checks but the origin one: the `Host` of a public deployment is not localhost, and requests carry
    /// a bearer token (not a cookie), so another site's page cannot use a reader's rights.
    static let validation = StandardValidationPipeline(validators: [
        AcceptHeaderValidator(mode: .jsonOnly),
        ContentTypeValidator(),
        ProtocolVersionValidator(),
    ])

    static func response(_ answer: MCP.HTTPResponse) -> Hummingbird.Response {
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        let data = answer.bodyData ?? Data()
        if !data.isEmpty { fields[.contentLength] = String(data.count) }
        return Hummingbird.Response(
            status: HTTPTypes.HTTPResponse.Status(code: answer.statusCode),
            headers: fields,
            body: data.isEmpty ? .init() : .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
