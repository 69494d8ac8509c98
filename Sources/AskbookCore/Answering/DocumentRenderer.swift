/// Writes a composed answer as GitBook's JSON document tree: the lead as a paragraph, supporting sentences as an
/// unordered list, code as code blocks, and each citation as a link to its section (`ContentRef` of kind `anchor`).
public struct DocumentRenderer: Sendable {
    public init() {}

    /// The document form of `composed`, with the same sentences and citations as its markdown.
    public func document(for composed: ComposedAnswer) -> JSONDocument {
        if composed.abstained {
            var nodes = [DocumentNode.block("paragraph", nodes: [.text(ComposedAnswer.abstentionText)])]
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
        for (i, citation) in composed.citations.enumerated() {
            let reference = link("[\(citation.number)]", to: .anchor(citation.sectionID, page: citation.pageID, space: citation.spaceID))
            let block: [DocumentNode] =
                citation.kind == .code
                ? [code(citation.text), .block("paragraph", nodes: [reference])]
                : [.block("paragraph", nodes: [.text(citation.text + " "), reference])]
            if i == 0 { nodes += block } else { items.append(.block("list-item", nodes: block)) }
        }
        if !items.isEmpty { nodes.append(.block("list-unordered", nodes: items)) }
        return JSONDocument(nodes: nodes)
    }

    private func link(_ text: String, to ref: ContentRef) -> DocumentNode {
        .inline("link", data: DocumentData(ref: ref), nodes: [.text(text)])
    }

    private func code(_ text: String) -> DocumentNode {
        .block("code", nodes: text.split(separator: "\n", omittingEmptySubsequences: false).map { .block("code-line", nodes: [.text(String($0))]) })
    }
}
