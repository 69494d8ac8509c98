import AskbookCore
import Logging
import MCP

/// Makes the MCP server (the SDK's `Server`) that answers with Askbook's tools from one library. The HTTP front makes
/// one per request (the token decides the library); `askbook mcp` makes one for its stdio session.
public enum AskbookMCPServer {
    /// What the server tells clients in `initialize`.
    public static let instructions = """
        Askbook answers questions from documentation with extractive, cited answers. Use `ask` for a direct answer \
        with sources, `search` to find pages and sections, `get_page` to read a page in markdown, and `list_spaces` \
        to see which documentation spaces are available.
        """

    /// A server with the tools registered, not yet started.
    public static func make(library: any AskbookLibrary, logger: Logger? = nil) async -> Server {
        let server = Server(
            name: "askbook",
            version: AskbookVersion.version,
            title: "Askbook",
            instructions: instructions,
            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false))
        )
        let tools = AskbookTools(library: library)
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: AskbookTools.definitions) }
        await server.withMethodHandler(CallTool.self) { params in await tools.call(params.name, arguments: params.arguments) }
        let resources = AskbookResources(library: library)
        await server.withMethodHandler(ListResources.self) { params in try await resources.list(cursor: params.cursor) }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in ListResourceTemplates.Result(templates: AskbookResources.templates) }
        await server.withMethodHandler(ReadResource.self) { params in try await resources.read(uri: params.uri) }
        return server
    }
}
