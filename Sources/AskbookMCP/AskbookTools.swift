import AskbookCore
import AskbookStore
import Foundation
import MCP

/// Askbook's MCP tools: `search`, `ask`, `get_page` and `list_spaces`, each with its JSON schema, answered from an
/// `AskbookLibrary`. Every result carries readable text (markdown with absolute links) and, as `structuredContent`,
/// the HTTP API's JSON for the same call; every failure is an MCP tool error (`isError`) with the API's message.
public struct AskbookTools: Sendable {
    /// Sections a `search` returns when `limit` is not given (the HTTP API's default).
    public static let defaultLimit = 20
    /// Most spaces one call may name.
    public static let maxSpaces = 100

    let library: any AskbookLibrary

    public init(library: any AskbookLibrary) {
        self.library = library
    }

    // MARK: Definitions

    /// The tools, as `tools/list` lists them.
    public static let definitions: [Tool] = [
        Tool(
            name: "search",
            title: "Search the documentation",
            description: """
                Full-text and semantic search over the documentation spaces this client may read. Returns the matching \
                pages and, under each, the matching sections with a snippet and a link (the section's URL, with its \
                anchor). Use it to find where something is documented; use `ask` for a direct answer.
                """,
            inputSchema: [
                "type": "object",
                "properties": [
                    "query": ["type": "string", "description": "What to look for, 1 to 512 characters.", "minLength": 1, "maxLength": 512],
                    "spaces": spacesSchema,
                    "limit": [
                        "type": "integer", "description": "Most sections to return, 0 to 1000 (default 20).", "minimum": 0,
                        "maximum": 1000,
                    ],
                ],
                "required": ["query"],
                "additionalProperties": false,
            ],
            annotations: .init(title: "Search the documentation", readOnlyHint: true, idempotentHint: true, openWorldHint: false)
        ),
        Tool(
            name: "ask",
            title: "Ask the documentation",
            description: """
                Answers a question from the documentation with an extractive answer in markdown: sentences quoted from \
                the pages, each cited with a numbered source link, followed by the sources and suggested follow-up \
                questions. When the documentation does not answer the question, says so and lists the closest pages.
                """,
            inputSchema: [
                "type": "object",
                "properties": [
                    "question": ["type": "string", "description": "The question, 1 to 512 characters.", "minLength": 1, "maxLength": 512],
                    "spaces": spacesSchema,
                ],
                "required": ["question"],
                "additionalProperties": false,
            ],
            annotations: .init(title: "Ask the documentation", readOnlyHint: true, idempotentHint: true, openWorldHint: false)
        ),
        Tool(
            name: "get_page",
            title: "Read a page",
            description: """
                Returns one documentation page as markdown (GitBook blocks rendered, includes resolved), followed by the \
                list of its sections with their anchors and links. Name the page by its path (as in search results and \
                sources, e.g. `first-steps/quickstart`; the empty path is the space's home page) or by its id.
                """,
            inputSchema: [
                "type": "object",
                "properties": [
                    "space": ["type": "string", "description": "The space id (see list_spaces)."],
                    "page": ["type": "string", "description": "The page's path (e.g. `http-api/search`, or `` for the home page) or id."],
                ],
                "required": ["space", "page"],
                "additionalProperties": false,
            ],
            annotations: .init(title: "Read a page", readOnlyHint: true, idempotentHint: true, openWorldHint: false)
        ),
        Tool(
            name: "list_spaces",
            title: "List the spaces",
            description: """
                Lists the documentation spaces this client may read: id, title, number of pages, and the links to the \
                space's llms.txt (an index of its pages) and llms-full.txt (all its pages as markdown).
                """,
            inputSchema: ["type": "object", "properties": [:], "additionalProperties": false],
            annotations: .init(title: "List the spaces", readOnlyHint: true, idempotentHint: true, openWorldHint: false)
        ),
    ]

    private static let spacesSchema: Value = [
        "type": "array",
        "items": ["type": "string"],
        "maxItems": .int(maxSpaces),
        "description": "Only these space ids (default: every space this client may read).",
    ]

    // MARK: Calls

    /// The result of calling tool `name` with `arguments`: its content, or an error result with the API's message.
    public func call(_ name: String, arguments: [String: Value]?) async -> CallTool.Result {
        let arguments = arguments ?? [:]
        do {
            switch name {
            case "search": return try await search(arguments)
            case "ask": return try await ask(arguments)
            case "get_page": return try await getPage(arguments)
            case "list_spaces": return try await listSpaces(arguments)
            default: throw LibraryError.unknownTool(name)
            }
        } catch {
            let message =
                switch error {
                case let error as LibraryError: error.description
                default: library.message(for: error)
                }
            return CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
        }
    }

    func search(_ arguments: [String: Value]) async throws -> CallTool.Result {
        try Self.checkKeys(arguments, allowed: ["query", "spaces", "limit"])
        let query = try Self.string(arguments, "query")
        try QueryPolicy.checkQuery(query, field: "'query'")
        var limit = Self.defaultLimit
        if let value = arguments["limit"], !value.isNull {
            guard let number = value.intValue else { throw QueryPolicy.outOfRangeLimit(field: "'limit'") }
            try QueryPolicy.checkLimit(number, field: "'limit'")
            limit = number
        }
        let requested = try Self.spaces(arguments)
        var results = SearchResults(count: 0, items: [])
        if case let (engine, spaces)? = try await library.engine(spaces: requested), !spaces.isEmpty {
            results = try SearchComposer(baseURL: library.baseURL).search(query, retriever: engine.retriever, spaces: spaces, limit: limit, offset: 0)
        }
        return try CallTool.Result(content: [.text(text: Self.text(of: results), annotations: nil, _meta: nil)], structuredContent: results)
    }

    func ask(_ arguments: [String: Value]) async throws -> CallTool.Result {
        try Self.checkKeys(arguments, allowed: ["question", "spaces"])
        let question = try Self.string(arguments, "question")
        try QueryPolicy.checkQuery(question, field: "'question'")
        let requested = try Self.spaces(arguments)
        var response = AskResponse(answer: nil)
        var text = "The documentation holds nothing to answer from."
        if case let (engine, spaces)? = try await library.engine(spaces: requested), !spaces.isEmpty {
            do {
                let result = try engine.answerer(configuration: library.composer).ask(question, spaces: spaces)
                response.answer = result.answer
                text = Self.text(of: result, baseURL: library.baseURL)
            } catch let error as AskbookError where error == .emptyIndex {
                // As the HTTP API: nothing to answer from is an empty answer, not an error.
            }
        }
        return try CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: response)
    }

    func getPage(_ arguments: [String: Value]) async throws -> CallTool.Result {
        try Self.checkKeys(arguments, allowed: ["space", "page"])
        let space = try Self.string(arguments, "space")
        let reference = try Self.string(arguments, "page").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let stored = try await library.page(space: space, reference: reference)
        let page = PageDocument(stored, space: space, baseURL: library.baseURL)
        return try CallTool.Result(content: [.text(text: page.text, annotations: nil, _meta: nil)], structuredContent: page)
    }

    func listSpaces(_ arguments: [String: Value]) async throws -> CallTool.Result {
        try Self.checkKeys(arguments, allowed: [])
        let spaces = try await library.readableSpaces()
        var listed: [SpaceSummary] = []
        for space in spaces {
            let pages = try await library.pages(space: space.id).count
            listed.append(SpaceSummary(space, pages: pages, baseURL: library.baseURL))
        }
        let text =
            listed.isEmpty
            ? "No space is readable with these credentials."
            : listed.map { "- `\($0.id)`: \($0.title) (\($0.pages) pages) — \($0.urls.llmsTxt)" }.joined(separator: "\n")
        return try CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: SpaceList(spaces: listed))
    }

    // MARK: Arguments

    private static func checkKeys(_ arguments: [String: Value], allowed: Set<String>) throws {
        if let unknown = arguments.keys.sorted().first(where: { !allowed.contains($0) }) {
            let known = allowed.isEmpty ? "takes no arguments" : "takes " + allowed.sorted().map { "'\($0)'" }.joined(separator: ", ")
            throw LibraryError.invalidArgument("Unknown argument '\(unknown)'; this tool \(known).")
        }
    }

    private static func string(_ arguments: [String: Value], _ key: String) throws -> String {
        guard let value = arguments[key], !value.isNull else { throw LibraryError.invalidArgument("'\(key)' is required.") }
        guard let text = value.stringValue else { throw LibraryError.invalidArgument("'\(key)' must be a string.") }
        guard text.utf8.count <= QueryPolicy.maxBytes * 2 else {
            throw LibraryError.invalidArgument("'\(key)' is longer than \(QueryPolicy.maxBytes * 2) bytes.")
        }
        return text
    }

    private static func spaces(_ arguments: [String: Value]) throws -> [String]? {
        guard let value = arguments["spaces"], !value.isNull else { return nil }
        guard let items = value.arrayValue else { throw LibraryError.invalidArgument("'spaces' must be a list of space ids.") }
        guard items.count <= maxSpaces else { throw LibraryError.invalidArgument("'spaces' may name at most \(maxSpaces) spaces.") }
        return try items.map { item in
            guard let id = item.stringValue, !id.isEmpty, id.utf8.count <= 64 else {
                throw LibraryError.invalidArgument("'spaces' must be a list of space ids.")
            }
            return id
        }
    }

    // MARK: Text

    /// Search results as markdown: one heading per page, its sections as links with their snippets.
    static func text(of results: SearchResults) -> String {
        guard results.count > 0 else { return "No section matches." }
        var lines: [String] = ["\(results.count) matching section\(results.count == 1 ? "" : "s")."]
        for space in results.items {
            for page in space.pages {
                lines += ["", "## [\(page.title)](\(page.urls.app)) — space `\(space.id)`, page `\(page.path)`"]
                for section in page.sections ?? [] {
                    lines.append("- [\(section.title)](\(section.urls.app)): \(section.body.collapsingWhitespace())")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// An answer as markdown: the answer, its numbered sources as absolute links, and the follow-up questions.
    static func text(of result: AnswerResult, baseURL: String) -> String {
        var lines = [result.answer.answer.markdown ?? ""]
        let sources = result.composed.numberedSources
        if !sources.isEmpty {
            lines += ["", result.composed.abstained ? "Closest pages:" : "Sources:"]
            lines += sources.map {
                "[\($0.number)] [\($0.displayTitle)](\(PageURLs.app(baseURL: baseURL, space: $0.spaceID, path: $0.pagePath, anchor: $0.sectionID)))"
            }
        }
        if !result.answer.followupQuestions.isEmpty {
            lines += ["", "Follow-up questions:"]
            lines += result.answer.followupQuestions.map { "- \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}

extension QueryPolicy {
    /// The error for a `limit` that is not a whole number, worded as `checkLimit`'s.
    static func outOfRangeLimit(field: String) -> AskbookError { .outOfRange(field: field, 0...maxSearchResults) }
}
