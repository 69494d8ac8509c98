import Foundation

extension ComposedAnswer {
    /// An abstention with nothing to cite: the answer when the scope asked holds no content at all.
    public static let nothingToAnswerFrom = ComposedAnswer(
        markdown: abstentionText,
        citations: [],
        abstained: true,
        confidence: 0
    )

    /// The answer cut to its lead: the lead piece (a sentence, with the block it introduces) and its citations, or an
    /// abstention's first paragraph without the closest pages. A stream sends it first, before the rest.
    public var leadOnly: ComposedAnswer {
        var answer = self
        if abstained {
            // An abstention's markdown is plain paragraphs (no code), so its first paragraph ends at the first blank line.
            answer.markdown = markdown.components(separatedBy: "\n\n").first ?? markdown
            answer.citations = []
        } else {
            answer.markdown = lead.isEmpty ? markdown : lead
            answer.citations = citations.filter { $0.piece == 0 }
        }
        return answer
    }

    /// The answer as plain text, for GitBook's deprecated `text` field: the quoted text without markup or citation
    /// links, the lead piece as its own paragraph and each supporting piece on a line; an abstention says so and names
    /// the closest pages by title.
    public var plainText: String {
        if abstained {
            guard !citations.isEmpty else { return abstentionParagraph }
            return abstentionParagraph + "\n\n" + citations.map(\.pageTitle).joined(separator: "\n")
        }
        guard !citations.isEmpty else { return markdown }
        // One line per piece: its sentences joined, a block it carries on lines of its own.
        var lines: [String] = []
        var lastPiece = -1
        for citation in citations {
            if citation.piece != lastPiece {
                lines.append(citation.text)
                lastPiece = citation.piece
            } else {
                lines[lines.count - 1] += (citation.kind == .code || lines[lines.count - 1].contains("\n") ? "\n" : " ") + citation.text
            }
        }
        return lines.count == 1 ? lines[0] : lines[0] + "\n\n" + lines.dropFirst().joined(separator: "\n")
    }
}
