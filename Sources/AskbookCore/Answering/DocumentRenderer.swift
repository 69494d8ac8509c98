/// Writes a composed answer as GitBook's JSON document tree: the lead piece at the top, supporting pieces as an
/// unordered list, code as code blocks, and each citation as a link to its section (`ContentRef` of kind `anchor`).
public struct DocumentRenderer: Sendable {
    public init() {}

    /// The document form of `composed`, with the same sentences and citations as its markdown.
    public func document(for composed: ComposedAnswer) -> JSONDocument {
        if composed.abstained {
            var nodes = [DocumentNode.block("paragraph", nodes: [.text(composed.abstentionParagraph)])]
            if !composed.citations.isEmpty {
                nodes.append(.block("paragraph", nodes: [.text(ComposedAnswer.closestPagesText)]))
                nodes.append(
                    .block(
                        "list-unordered",
                        nodes: composed.citations.map { citation in
                            .block(
                                "list-item",
                                nodes: [
                                    .block("paragraph", nodes: [link(citation.pageTitle, to: .page(citation.pageID, space: citation.spaceID))])
                                ]
                            )
                        }
                    )
                )
            }
            return JSONDocument(nodes: nodes)
        }
        var nodes: [DocumentNode] = []
        var items: [DocumentNode] = []
        // Citations of one piece (a sentence and the block it introduces) stay together: the lead's at the top, each
        // other piece as one list item.
        var start = 0
        while start < composed.citations.count {
            let piece = composed.citations[start].piece
            var end = start
            while end < composed.citations.count, composed.citations[end].piece == piece { end += 1 }
            let block = pieceNodes(composed.citations[start..<end])
            if start == 0 { nodes += block } else { items.append(.block("list-item", nodes: block)) }
            start = end
        }
        if !items.isEmpty { nodes.append(.block("list-unordered", nodes: items)) }
        return JSONDocument(nodes: nodes)
    }

    /// One piece: its sentence with the citation link, then code blocks and the items it introduces.
    private func pieceNodes(_ piece: ArraySlice<Citation>) -> [DocumentNode] {
        var nodes: [DocumentNode] = []
        var listItems: [DocumentNode] = []
        var referenced = false
        for citation in piece {
            let reference = link("[\(citation.number)]", to: .anchor(citation.sectionID, page: citation.pageID, space: citation.spaceID))
            switch citation.kind {
            case .code:
                nodes.append(code(citation.text))
            case .listItem where referenced, .tableRow where referenced, .link where referenced:
                listItems.append(.block("list-item", nodes: [.block("paragraph", nodes: [.text(citation.text)])]))
            default:
                nodes.append(.block("paragraph", nodes: [.text(citation.text + " "), reference]))
                referenced = true
            }
        }
        if !listItems.isEmpty { nodes.append(.block("list-unordered", nodes: listItems)) }
        if !referenced, let first = piece.first {
            nodes.append(
                .block("paragraph", nodes: [link("[\(first.number)]", to: .anchor(first.sectionID, page: first.pageID, space: first.spaceID))])
            )
        }
        return nodes
    }

    private func link(_ text: String, to ref: ContentRef) -> DocumentNode {
        .inline("link", data: DocumentData(ref: ref), nodes: [.text(text)])
    }

    private func code(_ text: String) -> DocumentNode {
        .block("code", nodes: text.split(separator: "\n", omittingEmptySubsequences: false).map { .block("code-line", nodes: [.text(String($0))]) })
    }
}
