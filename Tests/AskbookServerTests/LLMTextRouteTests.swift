import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `llms.txt`, `llms-full.txt` and page markdown (`LLMTextController`) and the MCP endpoint (`MCPController`) over a
/// real socket: their conventions, the same access rules as search, and public spaces readable without a token.
@Suite struct LLMTextRouteTests {
    /// The path of one of the server's absolute links (`http://docs.test/v1/…`).
    private func path(_ url: String) -> String { String(url.dropFirst("http://docs.test".count)) }

    /// The link targets of an llms.txt, after checking its shape: one H1 first, a blockquote summary, `##` sections
    /// of `- [title](url)` items.
    private func links(_ text: String) throws -> [String] {
        let lines = text.components(separatedBy: "\n")
        #expect(lines[0].hasPrefix("# "))
        #expect(lines.filter { $0.hasPrefix("# ") }.count == 1)
        #expect(lines[1].isEmpty && lines[2].hasPrefix("> "))
        let first = try #require(lines.firstIndex { $0.hasPrefix("## ") })
        var urls: [String] = []
        for line in lines[first...] where !line.isEmpty && !line.hasPrefix("## ") {
            #expect(line.hasPrefix("- ["), "\(line)")
            let url = try #require(line.split(separator: "](", maxSplits: 1).last?.split(separator: ")").first)
            urls.append(String(url))
        }
        return urls
    }

    @Test func aSpacesLlmsTxtListsEveryPageAndEveryLinkResolves() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.live) { client in
            let index = try await client.execute(uri: "/v1/spaces/coffee/llms.txt", method: .get, headers: environment.auth("coffeeOnly"))
            #expect(index.status == .ok)
            #expect(index.headers[.contentType] == "text/plain; charset=utf-8")
            let urls = try links(String(buffer: index.body))
            let pages = try await environment.store.pages(spaceID: "coffee")
            #expect(urls.filter { $0.hasSuffix(".md") }.count == pages.count)
            #expect(urls.contains("http://docs.test/v1/spaces/coffee/README.md"))
            #expect(urls.contains("http://docs.test/v1/spaces/coffee/guides/brewing.md"))
            for url in urls {
                let response = try await client.execute(uri: path(url), method: .get, headers: environment.auth("coffeeOnly"))
                #expect(response.status == .ok, "\(url)")
                #expect(!String(buffer: response.body).contains("{% hint style"), "\(url)")
            }
            let brewing = try await client.execute(uri: "/v1/spaces/coffee/guides/brewing.md", method: .get, headers: environment.auth("acmeRead"))
            #expect(brewing.headers[.contentType] == "text/markdown; charset=utf-8")
            #expect(String(buffer: brewing.body).contains("> **Warning**"))
            // A folder's page by its README file, as relative links between source files name it.
            let home = try await client.execute(uri: "/v1/spaces/coffee/README.md", method: .get, headers: environment.auth("acmeRead"))
            #expect(String(buffer: home.body).hasPrefix("# "))
        }
    }

    @Test func llmsFullTxtHasEveryPageInSummaryOrder() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.live) { client in
            let full = try await client.execute(uri: "/v1/spaces/coffee/llms-full.txt", method: .get, headers: environment.auth("acmeRead"))
            #expect(full.status == .ok)
            let text = String(buffer: full.body)
            let positions = try await environment.store.storedPages(spaceID: "coffee").map { page in
                text.range(of: try #require(page.markdown).trimmingCharacters(in: .newlines))?.lowerBound
            }
            #expect(positions.allSatisfy { $0 != nil })
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        }
    }

    @Test func aRevisionImportedBeforePagesKeptTheirMarkdownListsThemWithANote() async throws {
        let environment = try await TestEnvironment.make()
        // As a database migrated from before v8-page-markdown: the pages, no markdown.
        try environment.damage("UPDATE pageVersion SET markdown = NULL")
        try await environment.application().test(.live) { client in
            let index = try await client.execute(uri: "/v1/spaces/coffee/llms.txt", method: .get, headers: environment.auth("acmeRead"))
            #expect(try links(String(buffer: index.body)).contains("http://docs.test/v1/spaces/coffee/guides/brewing.md"))
            let page = try await client.execute(uri: "/v1/spaces/coffee/guides/brewing.md", method: .get, headers: environment.auth("acmeRead"))
            #expect(page.status == .ok)
            let text = String(buffer: page.body)
            #expect(text.hasPrefix("# Brewing guide\n") && text.contains("re-import the space") && text.contains("## Water temperature"))
        }
    }

    @Test func theSameAccessAsSearch() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.live) { client in
            let cases: [(String, String?, HTTPResponse.Status, String?)] = [
                ("/v1/spaces/tea/llms.txt", "coffeeOnly", .notFound, "Space 'tea' not found."),
                ("/v1/spaces/tea/black.md", "coffeeOnly", .notFound, "Space 'tea' not found."),
                ("/v1/spaces/coffee/llms-full.txt", "globexRead", .notFound, "Space 'coffee' not found."),
                ("/v1/spaces/vault/vault.md", "acmeRead", .notFound, "Space 'vault' not found."),
                ("/v1/spaces/coffee/guides/missing.md", "acmeRead", .notFound, "Page 'guides/missing' not found in space 'coffee'."),
                ("/v1/spaces/coffee/llms.txt", nil, .unauthorized, nil),
                ("/v1/spaces/coffee/llms.txt", "revoked", .unauthorized, "Unknown or revoked token."),
                ("/v1/spaces/coffee/guides/brewing", "acmeRead", .notFound, nil),
                ("/v1/spaces/tea/black.md", "acmeRead", .ok, nil),
                // The routes beside the catch-all still answer.
                ("/v1/spaces/coffee/search?query=grind", "acmeRead", .ok, nil),
            ]
            for (uri, token, status, message) in cases {
                let response = try await client.execute(uri: uri, method: .get, headers: token.map { environment.auth($0) } ?? [:])
                #expect(response.status == status, "\(uri)")
                if let message { #expect(response.errorMessage == message, "\(uri)") }
            }
        }
    }

    @Test func publicSpacesAreReadableWithoutAToken() async throws {
        var configured = try await TestEnvironment.make()
        configured.configuration.publicSpaces = ["coffee"]
        let environment = configured
        try await environment.application().test(.live) { client in
            let index = try await client.execute(uri: "/v1/spaces/coffee/llms.txt", method: .get)
            #expect(index.status == .ok)
            for url in try links(String(buffer: index.body)) {
                #expect(try await client.execute(uri: path(url), method: .get).status == .ok, "\(url)")
            }
            #expect(try await client.execute(uri: "/v1/spaces/tea/llms.txt", method: .get).status == .unauthorized)
            // A token still has its own limits on a public space.
            #expect(
                try await client.execute(uri: "/v1/spaces/coffee/llms.txt", method: .get, headers: environment.auth("globexRead")).status == .notFound
            )
            // Search stays behind the token.
            #expect(try await client.execute(uri: "/v1/spaces/coffee/search?query=grind", method: .get).status == .unauthorized)
        }
    }

    @Test func mcpAnswersJSONRPCBehindTheToken() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.live) { client in
            var headers = environment.auth("coffeeOnly", json: true)
            headers[.accept] = "application/json, text/event-stream"
            let initialize = try await client.execute(
                uri: "/mcp",
                method: .post,
                headers: headers,
                body: .text(
                    #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
                )
            )
            #expect(initialize.status == .ok)
            #expect(String(buffer: initialize.body).contains(#""name":"askbook""#))
            let call = try await client.execute(
                uri: "/mcp",
                method: .post,
                headers: headers,
                body: .text(
                    #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"search","arguments":{"query":"quokka protocol zanzibar keys"}}}"#
                )
            )
            #expect(call.status == .ok)
            #expect(!String(buffer: call.body).contains("zanzibar"))
            let hidden = try await client.execute(
                uri: "/mcp",
                method: .post,
                headers: headers,
                body: .text(
                    #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_page","arguments":{"space":"tea","page":"black"}}}"#
                )
            )
            #expect(String(buffer: hidden.body).contains(#""isError":true"#))
            #expect(String(buffer: hidden.body).contains("Space 'tea' not found."))
            let anonymous = try await client.execute(uri: "/mcp", method: .post, headers: [.contentType: "application/json"], body: .text("{}"))
            #expect(anonymous.status == .unauthorized)
        }
    }
}
