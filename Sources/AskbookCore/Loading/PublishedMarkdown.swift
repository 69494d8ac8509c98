import Foundation

/// A page's markdown as GitBook publishes it for readers and LLMs (`page.md`, `llms-full.txt`): GitBook's template
/// blocks turned into plain markdown, includes replaced by the files they name, card tables by lists of links.
///
/// - `{% hint style="…" %}` becomes a blockquote that starts with the hint's kind in bold (`> **Warning**`);
/// - a `title` (tabs, code blocks, steppers) becomes a bold line before its content;
/// - `{% embed url="…" %}` becomes a link; an OpenAPI block its method, path and summary;
/// - `{% include "…" %}` is replaced by the included file's rendering, up to `maxIncludeDepth` levels;
/// - `<table data-view="cards">` becomes a list of its cards' links;
/// - every other tag (`{% content-ref %}`, `{% tabs %}`, `{% stepper %}`, closing tags) is dropped, its content kept.
///
/// Fenced code is copied as it is. Like `GitBookBlocks`, a line scanner written by hand: these tags are Liquid
/// template syntax that no markdown library parses.
public struct PublishedMarkdown: Sendable {
    /// Hints nested deeper than this are not quoted further: every level adds `> ` to every line inside it, so a line
    /// of a thousand opening tags would otherwise multiply the page's size.
    public static let maxQuoteDepth = 4

    private let maxIncludeDepth: Int
    private let resolveInclude: GitBookBlocks.IncludeResolver

    /// - Parameters:
    ///   - maxIncludeDepth: how deep includes inside included files are followed (default 2).
    ///   - resolveInclude: reads an included file; it owns the confinement and the byte budget.
    public init(maxIncludeDepth: Int = 2, resolveInclude: @escaping GitBookBlocks.IncludeResolver = { _ in nil }) {
        self.maxIncludeDepth = maxIncludeDepth
        self.resolveInclude = resolveInclude
    }

    /// The published markdown of a page whose source (front matter removed) is `body`: the body rendered, under an
    /// H1 `title` when the body does not open with one, and the `description` as a blockquote under the title.
    public func render(body: String, title: String, description: String?) -> String {
        var lines = renderLines(body, depth: 0, quote: 0)
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        var head: [String] = []
        if let first = lines.first, first.hasPrefix("# ") {
            head.append(lines.removeFirst())
        } else {
            head.append("# " + title)
        }
        if let description, !description.trimmingWhitespace().isEmpty {
            head += ["", "> " + description.collapsingWhitespace()]
        }
        if !lines.isEmpty { head.append("") }
        return Self.collapsingBlankLines(head + lines).joined(separator: "\n") + "\n"
    }

    // MARK: Lines

    /// The rendered lines of `markdown` (an include at `depth`), inside `quote` levels of blockquote.
    private func renderLines(_ markdown: String, depth: Int, quote initialQuote: Int) -> [String] {
        var out: [String] = []
        var quote = initialQuote
        var fence: Substring?
        var cards: String?
        var pending = ""
        func prefix() -> String { String(repeating: "> ", count: min(quote, Self.maxQuoteDepth)) }
        func emit(_ text: String) {
            let prefixed = prefix() + text
            out.append(text.isEmpty ? String(prefixed.dropLast()) : prefixed)
        }
        func flush() {
            if !pending.trimmingWhitespace().isEmpty { emit(pending) }
            pending = ""
        }
        for bytes in markdown.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            var line = Substring(bytes)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.drop(while: { $0 == " " })
            if let open = fence {
                if trimmed.hasPrefix(open), trimmed.drop(while: { $0 == open.first }).allSatisfy(\.isWhitespace) { fence = nil }
                emit(String(line))
                continue
            }
            if var html = cards {
                html += "\n" + line
                if line.contains("</table>") {
                    out += cardLines(html, prefix: prefix())
                    cards = nil
                } else {
                    cards = html
                }
                continue
            }
            if let marker = GitBookBlocks.fenceMarker(trimmed) {
                fence = marker
                emit(String(line))
                continue
            }
            if trimmed.hasPrefix("<table"), line.contains("data-view=\"cards\"") || line.contains("data-view='cards'") {
                if line.contains("</table>") {
                    out += cardLines(String(line), prefix: prefix())
                } else {
                    cards = String(line)
                }
                continue
            }
            guard line.contains("{%") else {
                emit(String(line))
                continue
            }
            var rest = line[...]
            while let open = GitBookBlocks.find(UInt8(ascii: "{"), UInt8(ascii: "%"), in: rest),
                let close = GitBookBlocks.find(UInt8(ascii: "%"), UInt8(ascii: "}"), in: rest[open.upperBound...])
            {
                pending += rest[..<open.lowerBound]
                let tag = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                rest = rest[close.upperBound...]
                let name = String(tag.prefix(while: { !$0.isWhitespace }))
                let attributes = " " + tag.dropFirst(name.count)
                switch name {
                case "hint":
                    flush()
                    emit("")
                    quote += 1
                    let style = HTMLText.attribute("style", in: attributes) ?? "info"
                    emit("**" + Self.hintLabel(style) + "**")
                    emit("")
                case "endhint":
                    flush()
                    quote = max(initialQuote, quote - 1)
                    emit("")
                case "include":
                    flush()
                    let reference = tag.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
                        .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                    if depth < maxIncludeDepth, let included = resolveInclude(reference) {
                        emit("")
                        out += renderLines(FrontMatter.split(included).body, depth: depth + 1, quote: quote)
                        emit("")
                    }
                case "embed":
                    flush()
                    if let url = HTMLText.attribute("url", in: attributes) {
                        let caption = HTMLText.attribute("caption", in: attributes).flatMap { $0.isEmpty ? nil : $0 }
                        emit("")
                        emit("[\(GitBookBlocks.escaped(caption ?? url))](\(url))")
                        emit("")
                    }
                case "openapi", "swagger", "openapi-operation":
                    flush()
                    let parts = ["method", "path", "summary"].compactMap { HTMLText.attribute($0, in: attributes) }
                    if !parts.isEmpty {
                        emit("")
                        emit("`" + parts.joined(separator: " ") + "`")
                        emit("")
                    }
                default:
                    flush()
                    emit("")
                    if !name.hasPrefix("end"), let title = HTMLText.attribute("title", in: attributes), !title.isEmpty {
                        emit("**" + GitBookBlocks.escaped(title) + "**")
                        emit("")
                    }
                }
            }
            pending += rest
            flush()
        }
        if let html = cards { out += html.split(separator: "\n", omittingEmptySubsequences: false).map { prefix() + $0 } }
        return out
    }

    /// A card table's cards as a list: each a link to its target (title — description), or bold text without one.
    private func cardLines(_ html: String, prefix: String) -> [String] {
        guard let table = CardTable(html: html) else {
            return html.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + $0 }
        }
        let items = table.blocks.map { block in
            block.target.map { "\(prefix)- [\(GitBookBlocks.escaped(block.text))](\($0))" } ?? "\(prefix)- **\(GitBookBlocks.escaped(block.text))**"
        }
        return [prefix.isEmpty ? "" : String(prefix.dropLast())] + items + [prefix.isEmpty ? "" : String(prefix.dropLast())]
    }

    // MARK: Helpers

    /// The bold label that opens a hint's blockquote: GitBook's styles are info, success, warning and danger.
    static func hintLabel(_ style: String) -> String {
        switch style.lowercased() {
        case "success": "Success"
        case "warning": "Warning"
        case "danger": "Danger"
        case "tip": "Tip"
        default: "Note"
        }
    }

    /// `lines` without runs of blank lines (a quote's `>` alone counts as blank): one is kept.
    static func collapsingBlankLines(_ lines: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(lines.count)
        func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == ">" || $0 == " " } }
        for line in lines {
            if isBlank(line), let last = out.last, isBlank(last) {
                // The shallower of two blank lines ends the deeper quote.
                if line.count < last.count { out[out.count - 1] = line }
                continue
            }
            out.append(line)
        }
        return out
    }
}
