import AskbookCore
import Yams

/// Configuration and front matter YAML through `BoundedYAML` and `FrontMatter`.
///
/// Holds: no trap or hang; a document that is accepted has at most the node budget, aliases expanded.
struct YAMLTarget: FuzzTarget {
    let name = "yaml"
    let maxSize = 64 << 10
    let limits = ImportLimits()

    let dictionary = [
        "&a ", "*a", "&b ", "*b", "[", "]", "{", "}", ", ", ": ", "- ", "\n", "  ", "? ", "!!str ", "!!binary ", "!!map ", "<<: *a", "|\n",
        ">\n", "---\n", "...\n", "\"", "'", "#", "root: ", "structure:\n  readme: ", "directory: ", "type: space\n", "null", "~", "%YAML 1.2\n",
    ]

    func run(_ input: [UInt8]) async -> String? {
        let text = String(decoding: input, as: UTF8.self)
        if let root = try? BoundedYAML(limits: limits).load(text, what: "fuzz.yaml"), !BoundedYAML.fits(root, budget: limits.maxYAMLNodes) {
            return "a document past the node budget was accepted"
        }
        _ = try? FrontMatter.parse(text, limits: limits)
        return nil
    }
}
