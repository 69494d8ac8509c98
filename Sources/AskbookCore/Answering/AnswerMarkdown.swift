/// Writes answer pieces as markdown with numbered citations: the first piece as the lead paragraph, the others as a
/// list; a block a sentence introduces follows it (code fenced, items as a nested list); cut code is followed by a
/// link to its section. Sentence text is plain text from the page, so markdown's own characters in it are escaped and
/// keyboard glyphs are spelt out: what the page showed as literal text must not turn into markup here.
public struct AnswerMarkdown: Sendable {
    /// The markdown and one citation per quoted unit, numbered one number per section.
    func render(_ pieces: [AnswerPiece]) -> (markdown: String, citations: [Citation]) {
        var citations: [Citation] = []
        var numbers: [String: Int] = [:]
        var parts: [String] = []
        for (index, piece) in pieces.enumerated() {
            let chunk = piece.candidate.hit.chunk
            let number = numbers[piece.candidate.sectionKey] ?? (numbers.count + 1)
            numbers[piece.candidate.sectionKey] = number
            let target = AnswerComposer.link(path: chunk.pagePath, section: chunk.sectionID)
            let reference = "[[\(number)]](\(target))"
            var lines: [String] = []
            var referenced = false
            for unit in piece.units {
                // Code keeps its lines; prose is cited as it reads, whitespace collapsed as in the markdown.
                let text = unit.kind == .code ? unit.text : unit.text.collapsingWhitespace()
                citations.append(Citation(number: number, text: text, kind: unit.kind, piece: index, chunk: chunk))
                switch unit.kind {
                case .code:
                    if !lines.isEmpty { lines.append("") }
                    lines += Self.fenced(unit.text)
                    if piece.shortened {
                        lines.append("")
                        lines.append("(shortened: [the full example](\(target)))")
                    }
                case .link where !lines.isEmpty:
                    // Navigation is shown as what it is: a link.
                    lines.append("- " + (unit.target.map { "[\(Self.escaped(unit.text))](\($0))" } ?? Self.escaped(unit.text)))
                case .listItem where !lines.isEmpty, .tableRow where !lines.isEmpty:
                    lines.append("- " + Self.escaped(unit.text))
                default:
                    if referenced, let last = lines.last, last.hasSuffix(" " + reference) {
                        // Sentences of one paragraph stay one paragraph, cited once at its end.
                        lines[lines.count - 1] = last.dropLast(reference.count) + Self.escaped(unit.text) + " " + reference
                    } else {
                        lines.append(Self.escaped(unit.text) + (referenced ? "" : " " + reference))
                    }
                    referenced = true
                }
            }
            if !referenced { lines.append(reference) }
            if index == 0 {
                parts.append(lines.joined(separator: "\n"))
            } else {
                // A supporting piece is a list item; what comes with it is indented under it.
                let item = lines.enumerated().map { $0.offset == 0 ? "- " + $0.element : ($0.element.isEmpty ? "" : "  " + $0.element) }
                parts.append(item.joined(separator: "\n"))
            }
        }
        var markdown = parts[0]
        if parts.count > 1 { markdown += "\n\n" + parts.dropFirst().joined(separator: "\n") }
        return (markdown, citations)
    }

    /// `code` in a fence longer than any run of backticks inside it.
    static func fenced(_ code: String) -> [String] {
        var longest = 0
        var run = 0
        for char in code {
            run = char == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return [fence] + code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) + [fence]
    }

    /// Plain text made safe to stand in markdown: characters that would start markup are escaped, a line that would
    /// start a block (heading, quote, list, fence) is escaped at its start, and the Enter key glyph (`⏎`) is spelt out.
    ///
    /// ```swift
    /// AnswerMarkdown.escaped("Type ```⏎ for *code*")  // "Type \\`\\`\\` Enter for \\*code\\*"
    /// ```
    public static func escaped(_ text: String) -> String {
        var out = ""
        var previous: Character = " "
        for char in text {
            switch char {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "~":
                // Inside a word `_` and `#` are harmless and common in identifiers (add_task, C#).
                if (char == "_" || char == "#") && previous.isLetter || (char == "_" && previous.isNumber) {
                    out.append(char)
                } else {
                    out.append("\\")
                    out.append(char)
                }
            case "⏎", "↵":
                if !out.lowercased().hasSuffix("enter ") { out += previous == " " ? "Enter" : " Enter" }
            default:
                out.append(char)
            }
            previous = char
        }
        out = out.collapsingWhitespace()
        // "- ", "+ ", "=" or "1. " at the start of a line would make a list or a heading underline.
        if let first = out.first, "-+=".contains(first) {
            out = "\\" + out
        } else {
            let digits = out.prefix(while: \.isNumber)
            if !digits.isEmpty, let mark = out.dropFirst(digits.count).first, mark == "." || mark == ")" {
                out.insert("\\", at: out.index(out.startIndex, offsetBy: digits.count))
            }
        }
        return out
    }
}
