import Foundation

/// Removes GitBook's template blocks (`{% hint %}`, `{% tabs %}`, `{% stepper %}`, `{% code %}`, `{% content-ref %}`,
/// `{% embed %}`, `{% include %}`, `{% openapi %}`, `{% updates %}`, …) from markdown before cmark-gfm parses it,
/// keeping their text and dropping their markup;
/// a block's `title` becomes a bold line, which `MarkdownParser` reads as a label.
///
/// These tags are Liquid-style template syntax, not markdown, so cmark-gfm cannot parse them; this scanner knows
/// only `{% … %}` tags and fenced code blocks (tags inside fences are code and stay). Written by hand for that reason.
public struct GitBookBlocks: Sendable {
    /// Reads the file an `{% include "…" %}` names, relative to the including file; `nil` when it cannot.
    public typealias IncludeResolver = @Sendable (_ reference: String) -> String?

    private let resolveInclude: IncludeResolver
    private let maxIncludeDepth: Int

    /// - Parameters:
    ///   - maxIncludeDepth: how deep includes inside included files are followed (default 2).
    ///   - resolveInclude: reads an included file; it owns the confinement and the byte budget.
    public init(maxIncludeDepth: Int = 2, resolveInclude: @escaping IncludeResolver = { _ in nil }) {
        self.maxIncludeDepth = maxIncludeDepth
        self.resolveInclude = resolveInclude
    }

    /// The markdown with every GitBook tag replaced by its text content: a `title` attribute becomes a paragraph of
    /// its own, an include is replaced by the included file (up to `maxIncludeDepth` levels), an OpenAPI block by its method and path.
    public func expand(_ markdown: String, depth: Int = 0) -> String {
        var out = ""
        out.reserveCapacity(markdown.utf8.count)
        var fence: Substring?
        // Lines split on UTF-8 bytes: splitting on Characters (grapheme clusters) was most of the loader's time.
        for bytes in markdown.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = Substring(bytes)
            let trimmed = line.drop(while: { $0 == " " })
            if let open = fence {
                if trimmed.hasPrefix(open), trimmed.drop(while: { $0 == open.first }).allSatisfy(\.isWhitespace) { fence = nil }
                out += line
                out += "\n"
                continue
            }
            if let marker = Self.fenceMarker(trimmed) {
                fence = marker
                out += line
                out += "\n"
                continue
            }
            out += expandTags(in: line, depth: depth)
            out += "\n"
        }
        return out
    }

    /// `text` with markdown's inline punctuation escaped, to stand as literal text inside `**…**` or a link's text.
    static func escaped(_ text: String) -> String {
        var out = ""
        for char in text {
            if "\\`*_[]<>!#|".contains(char) { out.append("\\") }
            out.append(char)
        }
        return out
    }

    /// The run of three or more backticks or tildes that opens (or closes) a fenced code block on `line`, if any.
    static func fenceMarker(_ line: Substring) -> Substring? {
        for char in ["`", "~"] as [Character] {
            let run = line.prefix(while: { $0 == char })
            if run.count >= 3 { return run }
        }
        return nil
    }

    /// The first `first` `second` byte pair in `text`, by a byte scan: Foundation's `range(of:)` on a substring measures
    /// the whole string in UTF-16 first, which made a line of a thousand tags quadratic (found by `askbook-fuzz`).
    static func find(_ first: UInt8, _ second: UInt8, in text: Substring) -> Range<String.Index>? {
        let bytes = text.utf8
        var previous: String.Index?
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if bytes[index] == second, let start = previous, bytes[start] == first { return start..<bytes.index(after: index) }
            previous = index
            index = bytes.index(after: index)
        }
        return nil
    }

    private func expandTags(in line: Substring, depth: Int) -> String {
        guard Self.find(UInt8(ascii: "{"), UInt8(ascii: "%"), in: line) != nil else { return String(line) }
        var out = ""
        var rest = line[...]
        while let open = Self.find(UInt8(ascii: "{"), UInt8(ascii: "%"), in: rest) {
            guard let close = Self.find(UInt8(ascii: "%"), UInt8(ascii: "}"), in: rest[open.upperBound...]) else { break }
            out += rest[..<open.lowerBound]
            out += replacement(for: rest[open.upperBound..<close.lowerBound], depth: depth)
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }

    private func replacement(for tag: Substring, depth: Int) -> String {
        let body = tag.trimmingCharacters(in: .whitespaces)
        let name = body.prefix(while: { !$0.isWhitespace })
        switch name {
        case "include":
            let reference = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            guard depth < maxIncludeDepth, let included = resolveInclude(reference) else { return "\n" }
            return "\n\n" + expand(FrontMatter.split(included).body, depth: depth + 1) + "\n\n"
        case "openapi", "swagger", "openapi-operation":
            let parts = ["method", "path", "summary"].compactMap { HTMLText.attribute($0, in: " " + body) }
            return parts.isEmpty ? "\n\n" : "\n\n" + parts.joined(separator: " ") + "\n\n"
        default:
            if let title = HTMLText.attribute("title", in: " " + body) {
                // In bold on a line of its own, so the parser reads it as a label (it names what follows).
                return "\n\n**" + Self.escaped(title) + "**\n\n"
            }
            return "\n\n"
        }
    }
}
