import ArgumentParser
import AskbookCore
import AskbookMCP
import AskbookStore
import Foundation
import MCP

/// `askbook mcp`: the MCP server over standard input and output, for local clients (Claude Desktop, Cursor, …) that
/// start it as a subprocess. It reads the database directly, limited to `--space` when given.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the MCP tools (search, ask, get_page, list_spaces) over standard input and output.",
        discussion: "Messages are newline-delimited JSON-RPC on stdin/stdout; logs go to stderr."
    )

    @Option(name: .long, help: "Only these spaces are readable (repeatable); default: every space.")
    var space: [String] = []

    @Option(name: .long, help: "Base of the links in results (default: $ASKBOOK_PUBLIC_URL, else http://127.0.0.1:8080).")
    var publicURL: String?

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        for id in space {
            do throws(AskbookError) { try Importer.validateID(id, what: "space id") } catch { throw ValidationError("--space: \(error)") }
        }
    }

    func run() async throws {
        let logger = storeOptions.logger()
        let store = try storeOptions.openStore()
        var baseURL = publicURL ?? ProcessInfo.processInfo.environment["ASKBOOK_PUBLIC_URL"] ?? "http://127.0.0.1:8080"
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        let library = StoreLibrary(store: store, spaces: space.isEmpty ? nil : Set(space), baseURL: baseURL, logger: logger)
        let server = await AskbookMCPServer.make(library: library, logger: logger)
        try await server.start(transport: StdioTransport(logger: logger))
        await server.waitUntilCompleted()
    }
}
