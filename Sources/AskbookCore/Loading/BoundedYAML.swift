import Yams

/// Reads untrusted YAML (`.gitbook.yaml`, `docs.yaml`, front matter) into a Yams node tree within a budget.
///
/// Aliases (`*name`) are refused before Yams sees the text: a "billion laughs" document expands exponentially when
/// its tree is turned into Swift values, and even composing it is exponential once an alias is a mapping key (Yams
/// hashes keys to find duplicates). GitBook's configuration and front matter have no use for them. The node count
/// is then checked against `maxYAMLNodes`, flow collections (`[[[[…`) nested deeper than `maxFlowDepth` are refused
/// (the composer recurses once per level), and callers read the `Node` tree, never `Any`.
public struct BoundedYAML: Sendable {
    /// Deepest flow nesting accepted.
    public static let maxFlowDepth = 64

    /// Why a document was refused, in words an author can act on (it names the file).
    public struct Refusal: Error, Equatable, CustomStringConvertible, Sendable {
        public var description: String
    }

    private let limits: ImportLimits

    public init(limits: ImportLimits = ImportLimits()) {
        self.limits = limits
    }

    /// The document's root node, `nil` for an empty document.
    ///
    /// - Throws: a `Refusal` naming `what` when the YAML is malformed, too large, too deeply
    ///   nested or expands past the node budget.
    public func load(_ text: String, what: String) throws -> Node? {
        guard text.utf8.count <= limits.maxYAMLBytes else {
            throw Refusal(description: "\(what) is larger than \(ByteCount(limits.maxYAMLBytes)), the limit for YAML")
        }
        guard Self.flowDepth(text) <= Self.maxFlowDepth else {
            throw Refusal(description: "\(what) nests brackets deeper than \(Self.maxFlowDepth) levels")
        }
        if Self.hasAlias(text) {
            throw Refusal(description: "\(what) uses YAML aliases (*name), which are not accepted in imported YAML")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw Refusal(description: "\(what) is not valid YAML (\(Self.firstLine(of: error)))")
        }
        if let root, !Self.fits(root, budget: limits.maxYAMLNodes) {
            throw Refusal(
                description:
                    "\(what) expands to more than \(limits.maxYAMLNodes) YAML nodes (aliases that repeat aliases are refused)"
            )
        }
        return root
    }

    /// Whether the tree under `root`, aliases expanded, has at most `budget` nodes; stops counting past it.
    public static func fits(_ root: Node, budget: Int) -> Bool {
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

    /// Whether `text` may hold an alias: a `*` followed by a name where YAML lets a node start (a line's first token,
    /// or after `:`, `-`, `?`, `[`, `{` or `,`).
    ///
    /// A scan of the bytes, not a parse, and deliberately blind to quotes, comments and block scalars: a scanner that
    /// skipped them could be led by a crafted document to skip a real alias. The price is a rare false alarm (a `: *`
    /// inside a quoted string), which refuses that YAML with a clear reason.
    public static func hasAlias(_ text: String) -> Bool {
        let indicators: Set<UInt8> = [
            UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","),
        ]
        let blanks: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t")]
        var previous: UInt8? = nil
        var star = false
        for byte in text.utf8 {
            if star, !blanks.contains(byte) { return true }
            star = false
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte >= 0x80 {
                // Line breaks start a line, and so may any non-ASCII byte (YAML 1.1 also breaks lines at NEL, LS and PS,
                // and a BOM may come first): erring that way only adds false alarms.
                previous = nil
            } else if !blanks.contains(byte) {
                star = byte == UInt8(ascii: "*") && (previous == nil || indicators.contains(previous!))
                previous = byte
            }
        }
        return false
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
