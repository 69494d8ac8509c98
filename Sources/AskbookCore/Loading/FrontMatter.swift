import Foundation
import Yams

/// YAML front matter at the top of a markdown page (`---` … `---`), read with Yams.
public struct FrontMatter: Sendable, Hashable {
    /// The page's `description`, joined to its first section.
    public var description: String?
    /// A `title` given in the front matter, if any.
    public var title: String?

    public init(description: String? = nil, title: String? = nil) {
        self.description = description
        self.title = title
    }

    /// Splits `markdown` into its front matter text (without the `---` lines) and the body that follows.
    public static func split(_ markdown: String) -> (yaml: String?, body: String) {
        guard markdown.hasPrefix("---\n") || markdown.hasPrefix("---\r\n") else { return (nil, markdown) }
        let lines = markdown.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Substring.init)
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            return (nil, markdown)
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        let body = end + 1 < lines.count ? String(markdown[lines[end + 1].startIndex...]) : ""
        return (yaml, body)
    }

    /// Parses front matter YAML within `limits` (see `BoundedYAML`).
    ///
    /// - Throws: `BoundedYAML.Refusal` when the YAML is malformed or past the limits; the importer reports the file and
    ///   skips it.
    public static func parse(_ yaml: String, limits: ImportLimits = ImportLimits()) throws -> FrontMatter {
        guard let root = try BoundedYAML(limits: limits).load(yaml, what: "the front matter"), root.mapping != nil else {
            return FrontMatter()
        }
        return FrontMatter(description: root["description"]?.text?.trimmingWhitespace(), title: root["title"]?.text)
    }
}
