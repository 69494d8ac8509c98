/// Everything a query needs, in memory: the vector matrix, each row's chunk, and one segment per space revision.
///
/// Built once per set of revisions (by the store, or directly from content in tests and evaluation) and swapped in
/// whole, so a query sees one revision of each space, never a mix. Plain immutable data: the caches its queries share
/// (analyzers, analysed sentences) belong to the `AnswerEngine` built over it.
public struct IndexSnapshot: Sendable {
    /// The model every row was built with.
    public let model: VectorizerModel
    /// The matrix of chunk vectors; row `i` is `chunks[i]`.
    public let index: VectorIndex
    /// The chunk behind each row.
    public let chunks: [IndexedChunk]
    /// One segment per space: a contiguous range of rows with that revision's statistics.
    public let segments: [IndexSegment]
    /// Each row's exact word features, for the rerank stage (empty when the model has none).
    public let lexical: [SparseFeatures]
    /// The position in `segments` of each space's segment, looked up on every citation and follow-up.
    private let segmentBySpace: [String: Int]

    public init(model: VectorizerModel, index: VectorIndex, chunks: [IndexedChunk], segments: [IndexSegment], lexical: [SparseFeatures] = []) {
        precondition(index.rowCount == chunks.count, "one chunk per row")
        precondition(lexical.isEmpty || lexical.count == chunks.count, "lexical features for every row or none")
        self.model = model
        self.index = index
        self.chunks = chunks
        self.segments = segments
        self.lexical = lexical
        self.segmentBySpace = Dictionary(segments.enumerated().map { ($1.spaceID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// An empty snapshot for `model`.
    public static func empty(model: VectorizerModel) -> IndexSnapshot {
        IndexSnapshot(model: model, index: VectorIndex(dimension: model.dimension, parts: [VectorIndex.Part]()), chunks: [], segments: [])
    }

    /// The index in `segments` of the segment holding `row` (segments are contiguous and in row order).
    public func segmentIndex(row: Int) -> Int? {
        var low = 0
        var high = segments.count
        while low < high {
            let mid = (low + high) / 2
            if segments[mid].rows.upperBound <= row { low = mid + 1 } else { high = mid }
        }
        return low < segments.count && segments[low].rows.contains(row) ? low : nil
    }

    /// The segment of a space, if the snapshot holds it.
    public func segment(space spaceID: String) -> IndexSegment? {
        segmentBySpace[spaceID].map { segments[$0] }
    }
}

/// One chunk as the query path sees it.
public struct IndexedChunk: Sendable, Hashable {
    public var spaceID: String
    public var pageID: String
    public var pagePath: String
    public var pageTitle: String
    public var sectionID: String
    public var sectionTitle: String
    public var blocks: [Block]

    public init(spaceID: String, pageID: String, pagePath: String, pageTitle: String, sectionID: String, sectionTitle: String, blocks: [Block]) {
        self.spaceID = spaceID
        self.pageID = pageID
        self.pagePath = pagePath
        self.pageTitle = pageTitle
        self.sectionID = sectionID
        self.sectionTitle = sectionTitle
        self.blocks = blocks
    }

    /// The chunk's plain text.
    public var text: String { blocks.map(\.text).joined(separator: "\n\n") }

    /// The chunk's section as one key, `space/page#section`: the chunks of one section share it, and no two sections
    /// of a snapshot have the same one.
    public var sectionKey: String { Self.sectionKey(space: spaceID, page: pageID, section: sectionID) }

    /// The key of a section, `space/page#section`, as `sectionKey` writes it.
    public static func sectionKey(space: String, page: String, section: String) -> String { space + "/" + page + "#" + section }
}

/// A section heading of a space, for follow-up questions.
public struct IndexedSection: Sendable, Hashable {
    public var pageID: String
    public var pagePath: String
    public var pageTitle: String
    public var sectionID: String
    public var title: String
    public var level: Int

    public init(pageID: String, pagePath: String, pageTitle: String, sectionID: String, title: String, level: Int) {
        self.pageID = pageID
        self.pagePath = pagePath
        self.pageTitle = pageTitle
        self.sectionID = sectionID
        self.title = title
        self.level = level
    }
}

/// The rows of one space's current revision, with the statistics its queries are weighted by.
public struct IndexSegment: Sendable {
    public var spaceID: String
    public var spaceTitle: String
    public var organizationID: String
    public var revisionID: String
    /// Stemming language of this space.
    public var language: String
    /// Rows of this space in the snapshot's matrix.
    public var rows: Range<Int>
    /// Document frequencies of the revision.
    public var idf: IDFTable
    /// Every section of the space, in page order.
    public var sections: [IndexedSection] {
        didSet { sectionsByPage = Self.positions(of: sections) }
    }
    /// The positions in `sections` of each page's sections: a follow-up or a recommendation looks up a page's headings
    /// on every answer, and a scan of every section (100,000 in a large space) cost more than the search.
    private var sectionsByPage: [String: [Int]]
    /// The revision's surface words, for typo tolerance; `nil` for a revision imported before they were kept.
    public var vocabulary: Vocabulary?

    public init(
        spaceID: String,
        spaceTitle: String,
        organizationID: String,
        revisionID: String,
        language: String,
        rows: Range<Int>,
        idf: IDFTable,
        sections: [IndexedSection],
        vocabulary: Vocabulary? = nil
    ) {
        self.vocabulary = vocabulary
        self.spaceID = spaceID
        self.spaceTitle = spaceTitle
        self.organizationID = organizationID
        self.revisionID = revisionID
        self.language = language
        self.rows = rows
        self.idf = idf
        self.sections = sections
        self.sectionsByPage = Self.positions(of: sections)
    }

    /// The sections of page `pageID`, in page order; empty for a page the segment does not hold.
    public func sections(onPage pageID: String) -> [IndexedSection] {
        sectionsByPage[pageID]?.map { sections[$0] } ?? []
    }

    private static func positions(of sections: [IndexedSection]) -> [String: [Int]] {
        var positions: [String: [Int]] = [:]
        for (i, section) in sections.enumerated() { positions[section.pageID, default: []].append(i) }
        return positions
    }
}
