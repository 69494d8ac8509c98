/// GitBook's JSON document tree (`{"object": "document", "data": {}, "nodes": [...]}`), used by `format=document`.
public struct JSONDocument: Codable, Sendable, Hashable {
    public var object: String
    public var data: DocumentData
    public var nodes: [DocumentNode]

    public init(nodes: [DocumentNode]) {
        object = "document"
        data = DocumentData()
        self.nodes = nodes
    }
}

/// The `data` of a document node: empty for paragraphs and lists, `ref` for links.
public struct DocumentData: Codable, Sendable, Hashable {
    /// Link target (GitBook `ContentRef`).
    public var ref: ContentRef?

    public init(ref: ContentRef? = nil) {
        self.ref = ref
    }
}

/// GitBook's `ContentRef` of kind `anchor` (a section of a page) or `page`.
public struct ContentRef: Codable, Sendable, Hashable {
    public var kind: String
    public var anchor: String?
    public var page: String?
    public var space: String?

    /// A section of a page.
    public static func anchor(_ anchor: String, page: String, space: String) -> ContentRef {
        ContentRef(kind: "anchor", anchor: anchor, page: page, space: space)
    }

    /// A page.
    public static func page(_ page: String, space: String) -> ContentRef {
        ContentRef(kind: "page", anchor: nil, page: page, space: space)
    }
}

/// A node of GitBook's document tree: a block (`paragraph`, `code`, `list-unordered`, …), an inline, or text.
public struct DocumentNode: Codable, Sendable, Hashable {
    public var object: String
    public var type: String?
    public var data: DocumentData?
    public var nodes: [DocumentNode]?
    public var leaves: [Leaf]?

    /// A run of text.
    public struct Leaf: Codable, Sendable, Hashable {
        public var object: String = "leaf"
        public var text: String
        public var marks: [String] = []

        public init(text: String) {
            self.text = text
        }
    }

    /// A block node with child nodes.
    public static func block(_ type: String, data: DocumentData = DocumentData(), nodes: [DocumentNode]) -> DocumentNode {
        DocumentNode(object: "block", type: type, data: data, nodes: nodes, leaves: nil)
    }

    /// An inline node (e.g. `link`, whose data holds a `ref`).
    public static func inline(_ type: String, data: DocumentData, nodes: [DocumentNode]) -> DocumentNode {
        DocumentNode(object: "inline", type: type, data: data, nodes: nodes, leaves: nil)
    }

    /// A text node.
    public static func text(_ text: String) -> DocumentNode {
        DocumentNode(object: "text", type: nil, data: nil, nodes: nil, leaves: [Leaf(text: text)])
    }
}
