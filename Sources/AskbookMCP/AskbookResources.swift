import AskbookCore
import AskbookStore
import Foundation
import MCP

/// The pages as MCP resources: `askbook://{space}/{path}` (`askbook://{space}/` for the home page), read as their
/// published markdown; listed page by page over every readable space, and named by one URI template.
public struct AskbookResources: Sendable {
    /// Resources per `resources/list` page.
    public static let pageSize = 500
    /// The URI scheme.
    public static let scheme = "askbook://"

    let library: any AskbookLibrary

    public init(library: any AskbookLibrary) {
        self.library = library
    }

    /// The template clients fill to read any page.
    public static let templates = [
        Resource.Template(
            uriTemplate: "askbook://{space}/{+path}",
            name: "page",
            title: "Documentation page",
            description: "A page's markdown: the space id, then the page's path (empty for the space's home page).",
            mimeType: "text/markdown"
        )
    ]

    /// The URI of page `path` of `space`.
    public static func uri(space: String, path: String) -> String { scheme + space + "/" + path }

    /// One page of the list: the pages of the readable spaces in order, from the offset the cursor holds.
    public func list(cursor: String?) async throws -> ListResources.Result {
        var offset = 0
        if let cursor {
            guard let value = Int(cursor), value >= 0 else { throw MCPError.invalidParams("Unknown cursor: pass the nextCursor of a previous list.") }
            offset = value
        }
        var resources: [Resource] = []
        var index = 0
        for space in try await library.readableSpaces() {
            let pages = try await library.pages(space: space.id)
            guard index + pages.count > offset else {
                index += pages.count
                continue
            }
            for page in pages {
                defer { index += 1 }
                guard index >= offset else { continue }
                guard resources.count < Self.pageSize else { return ListResources.Result(resources: resources, nextCursor: String(index)) }
                resources.append(
                    Resource(
                        name: "\(space.id)/\(page.path)",
                        uri: Self.uri(space: space.id, path: page.path),
                        title: page.title,
                        description: page.description,
                        mimeType: "text/markdown"
                    )
                )
            }
        }
        return ListResources.Result(resources: resources)
    }

    /// The page a URI names, as markdown.
    ///
    /// - Throws: invalid params for a URI that is not `askbook://space/path`; "resource not found" (-32002) with the
    ///   API's message for a space or page the client may not read or that does not exist.
    public func read(uri: String) async throws -> ReadResource.Result {
        guard uri.hasPrefix(Self.scheme), uri.utf8.count <= 2048 else {
            throw MCPError.invalidParams("Unknown resource URI: Askbook's pages are askbook://{space}/{path}.")
        }
        let rest = uri.dropFirst(Self.scheme.count)
        let space = String(rest.prefix { $0 != "/" })
        let path = String(rest.dropFirst(space.count).drop { $0 == "/" }).removingPercentEncoding ?? ""
        guard !space.isEmpty else { throw MCPError.invalidParams("Unknown resource URI: Askbook's pages are askbook://{space}/{path}.") }
        let stored: StoredPage
        do {
            stored = try await library.page(space: space, reference: path.trimmingCharacters(in: CharacterSet(charactersIn: "/")))
        } catch {
            let message = (error as? LibraryError)?.description ?? library.message(for: error)
            throw MCPError.serverError(code: -32002, message: message)
        }
        let markdown = stored.markdown ?? LLMText.fallbackMarkdown(stored)
        return ReadResource.Result(contents: [.text(markdown, uri: uri, mimeType: "text/markdown")])
    }
}
