/// GitBook's JSON document tree (`{"object": "document", "nodes": [...]}`), used by `format=document`.
public struct JSONDocument: Codable, Sendable, Hashable {
    public var object: String
    public var data: [String: String]
    public var nodes: [DocumentNode]

    public init(nodes: [DocumentNode]) {
        object = "document"
        data = [:]
        self.nodes = nodes
    }
}

/// A node of GitBook's document tree: a block (`paragraph`, `code`, `list-unordered`, …), an inline, or text leaves.
public struct DocumentNode: Codable, Sendable, Hashable {
    public var object: String
    public var type: String?
    public var data: [String: String]?
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
    public static func block(_ type: String, data: [String: String] = [:], nodes: [DocumentNode]) -> DocumentNode {
        DocumentNode(object: "block", type: type, data: data, nodes: nodes, leaves: nil)
    }

    /// An inline node (e.g. `link` with `data.ref`).
    public static func inline(_ type: String, data: [String: String] = [:], nodes: [DocumentNode]) -> DocumentNode {
        DocumentNode(object: "inline", type: type, data: data, nodes: nodes, leaves: nil)
    }

    /// A text node.
    public static func text(_ text: String) -> DocumentNode {
        DocumentNode(object: "text", type: nil, data: nil, nodes: nil, leaves: [Leaf(text: text)])
    }
}
