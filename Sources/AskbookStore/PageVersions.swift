import AskbookCore
import Dispatch
import Foundation

/// Each page of an embedded space as the page version a commit stores (`pageVersion`): its key, and the range of the
/// space's chunks that are its own. Keys are computed on every core before the write transaction.
struct PageVersions: Sendable {
    /// Per page, its version's key (`key(of:chunks:)`).
    var keys: [String]
    /// Per page, its chunks: a range of `EmbeddedSpace.chunks`, which come page by page in reading order.
    var chunkRanges: [Range<Int>]

    init(_ embedded: EmbeddedSpace) {
        self.init(content: embedded.content, chunks: embedded.chunks)
    }

    /// The versions of `content`'s pages, chunked as `chunks`.
    init(content: SpaceContent, chunks: [EmbeddedChunk]) {
        let pages = content.pages
        var ranges = [Range<Int>](repeating: 0..<0, count: pages.count)
        var start = 0
        for (pageIndex, _) in pages.enumerated() {
            var end = start
            while end < chunks.count, chunks[end].pageIndex == pageIndex { end += 1 }
            ranges[pageIndex] = start..<end
            start = end
        }
        precondition(start == chunks.count, "chunks come page by page in reading order")
        let chunkRanges = ranges
        var keys = [String](repeating: "", count: pages.count)
        keys.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer  // each stripe writes only its own pages
            let stripes = max(1, min(ProcessInfoCores.active, pages.count / 64))
            DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
                for p in Swift.stride(from: stripe, to: pages.count, by: stripes) {
                    out[p] = Self.key(of: pages[p], chunks: chunks[chunkRanges[p]])
                }
            }
        }
        self.keys = keys
        self.chunkRanges = chunkRanges
    }

    /// SHA-256 of everything a page version stores: the page's id, path, titles, source and parent paths and
    /// markdown, each heading (id, title, level) and each chunk (section id and title, content hash, which covers
    /// the model, language, breadcrumb and text), length-prefixed so that no two pages encode alike. The page id is
    /// derived from its space, so no two spaces share a version.
    static func key(of page: Page, chunks: ArraySlice<EmbeddedChunk>) -> String {
        func optional(_ value: String?) -> String { value.map { "+" + $0 } ?? "-" }
        var parts = [
            "page-version-1", page.id, page.path, page.title, optional(page.description), page.sourcePath, optional(page.parentPath),
            optional(page.markdown), String(page.sections.count),
        ]
        for section in page.sections { parts += [section.id, section.title, String(section.level)] }
        parts.append(String(chunks.count))
        for chunk in chunks {
            let section = page.sections[chunk.sectionIndex]
            parts += [section.id, section.title, chunk.contentHash]
        }
        return StableID.contentHash(bytes: BlockEncoding.encode(strings: parts))
    }
}
