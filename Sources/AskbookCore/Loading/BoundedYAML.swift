import Yams

/// Reads untrusted YAML (`.gitbook.yaml`, `docs.yaml`, front matter) into a Yams node tree within a budget.
///
/// Yams composes aliases as shared nodes, so composing is linear in the text; it is turning the tree into Swift
/// values that expands a "billion laughs" document exponentially. This reader never does that: it counts the nodes
/// reachable through aliases and refuses a document past `maxNodes`, and callers read the `Node` tree directly.
/// Flow collections (`[[[[…`) nested deeper than `maxFlowDepth` are refused before parsing, since the composer
/// recurses once per level.
public struct BoundedYAML: Sendable {
    /// Deepest flow nesting accepted.
    public static let maxFlowDepth = 64

    private let limits: ImportLimits

    public init(limits: ImportLimits = ImportLimits()) {
        self.limits = limits
    }

    /// The document's root node, `nil` for an empty document.
    ///
    /// - Throws: `AskbookError.unreadableSource` naming `what` when the YAML is malformed, too large, too deeply
    ///   nested or expands past the node budget.
    public func load(_ text: String, what: String) throws -> Node? {
        guard text.utf8.count <= limits.maxYAMLBytes else {
            throw AskbookError.unreadableSource("\(what) is larger than \(ByteCount(limits.maxYAMLBytes)), the limit for YAML")
        }
        guard Self.flowDepth(text) <= Self.maxFlowDepth else {
            throw AskbookError.unreadableSource("\(what) nests brackets deeper than \(Self.maxFlowDepth) levels")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw AskbookError.unreadableSource("\(what) is not valid YAML (\(Self.firstLine(of: error)))")
        }
        if let root, !Self.fits(root, budget: limits.maxYAMLNodes) {
            throw AskbookError.unreadableSource(
                "\(what) expands to more than \(limits.maxYAMLNodes) YAML nodes (aliases that repeat aliases are refused)"
            )
        }
        return root
    }

    /// Whether the tree under `root`, aliases expanded, has at most `budget` nodes; stops counting past it.
    static func fits(_ root: Node, budget: Int) -> Bool {
        var pending = [root]
        var count = 0
        while let node = pending.popLast() {
            count += 1
            if count > budget { return false }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    pending.append(key)
                    pending.append(value)
                }
            case .sequence(let sequence): pending.append(contentsOf: sequence)
            case .scalar, .alias: break
            }
        }
        return true
    }

    /// The deepest run of unclosed `[` and `{`, counted over the bytes (quotes ignored, so it errs on the safe side).
    static func flowDepth(_ text: String) -> Int {
        var depth = 0
        var deepest = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth = max(0, depth - 1)
            default: break
            }
        }
        return deepest
    }

    private static func firstLine(of error: any Error) -> String {
        String(describing: error).split(separator: "\n").first.map(String.init) ?? "unknown error"
    }
}

extension Node {
    /// The scalar's text, `nil` for a `null` or a collection (Yams' `string` gives `"null"` for `null`).
    var text: String? {
        guard case .scalar = self, null == nil else { return nil }
        return string
    }
}
