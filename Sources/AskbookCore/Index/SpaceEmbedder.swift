import Dispatch
import Foundation

/// Chunks a space's pages and embeds the chunks: features, the revision's idf and vocabulary, and the quantized
/// vectors (`EmbeddedSpace.quantizedVectors()`). A re-import embeds from the previous revision, analysing only the
/// chunks that changed (`embed(_:chunks:language:after:)`). The store writes the result as one revision; tests and
/// evaluation index it directly.
public struct SpaceEmbedder: Sendable {
    public let model: VectorizerModel
    private let concurrency: Int

    /// - Parameter concurrency: parallel feature-extraction tasks (default: active processors).
    public init(model: VectorizerModel, concurrency: Int = ProcessInfoCores.active) {
        self.model = model
        self.concurrency = max(1, concurrency)
    }

    /// Embeds `content`; `reuse` maps content hashes of an earlier revision to their stored features. `chunks`, when
    /// given, are `chunks(of: content, language:)` already made.
    public func embed(
        _ content: SpaceContent,
        chunks: [EmbeddedChunk]? = nil,
        language: String? = nil,
        reuse: [String: SparseFeatures] = [:]
    ) async -> EmbeddedSpace {
        let language = language ?? model.language
        var pending = chunks ?? self.chunks(of: content, language: language)
        for i in pending.indices {
            if let features = reuse[pending[i].contentHash] {
                pending[i].features = features
                pending[i].reused = true
            }
        }
        let missing = pending.indices.filter { !pending[$0].reused }
        let (extracted, newWords, counted) = await extractFeatures(missing.map { pending[$0].chunk }, language: language)
        for (i, features) in zip(missing, extracted) { pending[i].features = features }

        // The new chunks were counted as they were analysed; the reused ones are counted here.
        var reusedCount = IDFTable.Counter()
        for chunk in pending where chunk.reused { reusedCount.count(chunk.features) }
        let idf = IDFTable(joining: counted + [reusedCount])
        // The vocabulary is the revision's: the new chunks' words came with their features, the reused ones' are
        // counted here.
        var words = await collectVocabulary(pending.filter(\.reused).map(\.chunk))
        words.merge(newWords, uniquingKeysWith: +)
        let vocabulary = Vocabulary(counts: words)
        return EmbeddedSpace(content: content, language: language, chunks: pending, idf: idf, vocabulary: vocabulary, model: model)
    }

    /// The chunks of `content` in row order with their content hashes, not analysed yet (empty features). Pages are
    /// chunked and hashed on every core: on one, a 100k-chunk space took most of a second.
    public func chunks(of content: SpaceContent, language: String? = nil) -> [EmbeddedChunk] {
        let language = language ?? model.language
        let chunker = Chunker(maxCharacters: model.maxChunkCharacters)
        let modelDigest = StableID.contentHash([String(decoding: model.indexingIdentity.encoded(), as: UTF8.self), language])
        let spaceCrumb = model.features.spaceTitle ?? true ? [content.title] : []
        let pages = content.pages
        var perPage = [[EmbeddedChunk]](repeating: [], count: pages.count)
        perPage.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer  // each stripe writes only its own pages
            let stripes = max(1, min(concurrency, pages.count / 64))
            DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
                for pageIndex in stride(from: stripe, to: pages.count, by: stripes) {
                    let page = pages[pageIndex]
                    var chunks: [EmbeddedChunk] = []
                    for (sectionIndex, section) in page.sections.enumerated() {
                        var breadcrumb = spaceCrumb + [page.title]
                        breadcrumb += section.headingPath.filter { $0 != page.title }
                        for chunk in chunker.chunks(of: section, breadcrumb: breadcrumb) {
                            // The blocks' kinds and link targets count too: a re-import must not keep blocks that an
                            // older loader read as another kind (a card table read as text) because their text is the
                            // same.
                            let shape = chunk.blocks.map { "\($0.kind.rawValue) \($0.target ?? "")" }.joined(separator: "\n")
                            let hash = StableID.contentHash([modelDigest, breadcrumb.joined(separator: " › "), chunk.text, shape])
                            chunks.append(
                                EmbeddedChunk(
                                    pageIndex: pageIndex,
                                    sectionIndex: sectionIndex,
                                    chunk: chunk,
                                    contentHash: hash,
                                    features: SparseFeatures(counts: [:], length: 0),
                                    reused: false
                                )
                            )
                        }
                    }
                    out[pageIndex] = chunks
                }
            }
        }
        return perPage.flatMap { $0 }
    }

    /// Embeds `content` (chunked as `chunks(of:language:)` gives `chunks`) as the revision after `previous`,
    /// analysing only the chunks `previous` does not have: their document frequencies and vocabulary words are added
    /// to the previous revision's and the lost chunks' taken away. Unchanged chunks keep the vectors stored with their
    /// content (a chunk's vector depends on the chunk alone). The result equals `embed(_:language:reuse:)` of the same
    /// content, except that reused chunks carry no features (nothing after embedding reads them).
    ///
    /// - Returns: `nil` when `previous` cannot be updated (a model with idf inside the vectors, statistics stored
    ///   without their exact total, stored chunks missing, or changes counted for other chunks): the caller embeds in
    ///   full.
    public func embed(
        _ content: SpaceContent,
        chunks: [EmbeddedChunk],
        language: String? = nil,
        after previous: PreviousRevision
    ) async -> EmbeddedSpace? {
        let language = language ?? model.language
        guard model.idfPlacement == .query else { return nil }
        guard previous.changes.next.elementsEqual(chunks.lazy.map(\.contentHash)) else { return nil }
        let changes = previous.changes.changes
        guard changes.stored.allSatisfy({ previous.stored[$0] != nil }) else { return nil }
        var pending = chunks
        for i in pending.indices where !changes.added.contains(pending[i].contentHash) { pending[i].reused = true }
        let missing = pending.indices.filter { !pending[$0].reused }
        let (extracted, newWords, _) = await extractFeatures(missing.map { pending[$0].chunk }, language: language)
        for (i, features) in zip(missing, extracted) { pending[i].features = features }

        // The statistics and the vocabulary change by the chunks lost and the occurrences gained.
        let analyzer = TextAnalyzer(model: model, language: language)
        func recount(_ changed: [String: Int], features: inout [SparseFeatures], words: inout [String: UInt32]) {
            for (hash, times) in changed {
                let stored = previous.stored[hash]!
                var chunkWords: Set<String> = []
                let chunkFeatures = analyzer.features(text: stored.text, breadcrumb: stored.breadcrumb, words: &chunkWords)
                for _ in 0..<times {
                    features.append(chunkFeatures)
                    for word in chunkWords { words[word, default: 0] += 1 }
                }
            }
        }
        var removedFeatures: [SparseFeatures] = []
        var removedWords: [String: UInt32] = [:]
        recount(changes.removed, features: &removedFeatures, words: &removedWords)
        var addedFeatures = extracted
        var addedWords = newWords
        recount(changes.repeated, features: &addedFeatures, words: &addedWords)
        guard let idf = previous.idf.updated(removing: removedFeatures, adding: addedFeatures),
            let vocabulary = previous.vocabulary.updated(removing: removedWords, adding: addedWords)
        else { return nil }

        return EmbeddedSpace(content: content, language: language, chunks: pending, idf: idf, vocabulary: vocabulary, model: model)
    }

    /// The surface words of `chunks` (text and breadcrumb) with the number of chunks each is in, counted in parallel.
    private func collectVocabulary(_ chunks: [Chunk]) async -> [String: UInt32] {
        guard !chunks.isEmpty else { return [:] }
        let tasks = min(concurrency, chunks.count)
        return await withTaskGroup(of: [String: UInt32].self) { group in
            for t in 0..<tasks {
                let slice = Array(stride(from: t, to: chunks.count, by: tasks).map { chunks[$0] })
                group.addTask {
                    var counts: [String: UInt32] = [:]
                    let tokenizer = Tokenizer()
                    for chunk in slice { Vocabulary.count([chunk.text] + chunk.breadcrumb, into: &counts, tokenizer: tokenizer) }
                    return counts
                }
            }
            var counts: [String: UInt32] = [:]
            for await part in group { counts.merge(part, uniquingKeysWith: +) }
            return counts
        }
    }

    /// Features of `chunks` in order, their vocabulary words with the number of chunks each is in, and their document
    /// frequencies (a counter per task), extracted in parallel with one analyzer (and stemmer) per task.
    private func extractFeatures(_ chunks: [Chunk], language: String) async -> ([SparseFeatures], [String: UInt32], [IDFTable.Counter]) {
        guard !chunks.isEmpty else { return ([], [:], []) }
        let model = model
        let tasks = min(concurrency, chunks.count)
        return await withTaskGroup(of: (Int, [SparseFeatures], [String: UInt32], IDFTable.Counter).self) { group in
            for t in 0..<tasks {
                let slice = Array(stride(from: t, to: chunks.count, by: tasks).map { chunks[$0] })
                group.addTask {
                    let analyzer = TextAnalyzer(model: model, language: language)
                    var counter = IDFTable.Counter()
                    let features = slice.map { chunk in
                        let features = analyzer.features(countingVocabularyOf: chunk.text, breadcrumb: chunk.breadcrumb)
                        counter.count(features)
                        return features
                    }
                    return (t, features, analyzer.takeVocabularyCounts(), counter)
                }
            }
            var result = [SparseFeatures](repeating: SparseFeatures(counts: [:], length: 0), count: chunks.count)
            var counts: [String: UInt32] = [:]
            var counters: [IDFTable.Counter] = []
            for await (t, features, part, counter) in group {
                for (j, f) in features.enumerated() { result[t + j * tasks] = f }
                counts.merge(part, uniquingKeysWith: +)
                counters.append(counter)
            }
            return (result, counts, counters)
        }
    }
}

/// One embedded chunk with its place in the content.
public struct EmbeddedChunk: Sendable {
    public var pageIndex: Int
    public var sectionIndex: Int
    public var chunk: Chunk
    /// SHA-256 of the model, language, breadcrumb, text and block kinds: equal hashes have equal features and blocks,
    /// and equal vectors (with idf inside the vectors, `IDFPlacement.document`, the hash covers the idf too).
    public var contentHash: String
    public var features: SparseFeatures
    /// Whether the chunk was in the previous revision and not analysed again: its features came from a `reuse` map,
    /// or are empty after `embed(_:chunks:language:after:)`, whose store keeps its vector with its content.
    public var reused: Bool
}

/// A space's content with its chunks embedded, ready to store or index.
public struct EmbeddedSpace: Sendable {
    public var content: SpaceContent
    public var language: String
    public var chunks: [EmbeddedChunk]
    public var idf: IDFTable
    /// The surface words of the chunks with the number of chunks each is in.
    public var vocabulary: Vocabulary
    public var model: VectorizerModel
    /// Identifies the vector matrix: equal for equal model, language and chunk sequence.
    public var matrixKey: String

    /// A space of `chunks`, whose matrix key is that of their content hashes in order: the vectors are a function of
    /// the model, the language and the chunks' features in order (which fix the idf), all of which the content hashes
    /// cover, so equal keys mean equal matrices.
    ///
    /// The store keeps a chunk's vector with its content, by content hash. With idf inside the vectors
    /// (`IDFPlacement.document`) a vector depends on the whole space, so the hashes are made to cover the idf as well:
    /// the same text in two spaces is then two stored chunks, each with its own vector.
    init(content: SpaceContent, language: String, chunks: [EmbeddedChunk], idf: IDFTable, vocabulary: Vocabulary, model: VectorizerModel) {
        var chunks = chunks
        if model.idfPlacement == .document {
            let idfDigest = StableID.contentHash([idf.serialized().base64EncodedString()])
            for i in chunks.indices { chunks[i].contentHash = StableID.contentHash([chunks[i].contentHash, idfDigest]) }
        }
        self.content = content
        self.language = language
        self.chunks = chunks
        self.idf = idf
        self.vocabulary = vocabulary
        self.model = model
        self.matrixKey = StableID.contentHash(chunks.map(\.contentHash))
    }

    /// The chunks' unit vectors as Float32, bucket-major (`model.dimension × chunks.count`: bucket `b` of chunk `i` at
    /// `b * chunks.count + i`): the exact vectors `quantizedVectors()` approximates, for `askbook bench`'s reference
    /// product and its FAISS export.
    public func vectors() -> [Float] {
        let dimension = model.dimension
        let rows = chunks.count
        let vectorizer = HashedVectorizer(model: model)
        // Sixteen rows at a time, transposed together: each bucket then gets one 64-byte run per tile instead of a
        // scattered write per row, and the tile (256 KB) stays in cache.
        let tile = 16
        var matrix = [Float](repeating: 0, count: rows * dimension)
        var scratch = [Float](repeating: 0, count: tile * dimension)
        matrix.withUnsafeMutableBufferPointer { out in
            scratch.withUnsafeMutableBufferPointer { scratch in
                for start in stride(from: 0, to: rows, by: tile) {
                    let count = min(tile, rows - start)
                    for r in 0..<count {
                        let row = UnsafeMutableBufferPointer(rebasing: scratch[(r * dimension)..<((r + 1) * dimension)])
                        vectorizer.documentVector(chunks[start + r].features, idf: idf, into: row)
                    }
                    for b in 0..<dimension {
                        let base = b * rows + start
                        for r in 0..<count { out[base + r] = scratch[r * dimension + b] }
                    }
                }
            }
        }
        return matrix
    }

    /// The unit vectors of the chunks at `indices` (default: all) as 12-bit codes (`QuantizedRows`), in that order:
    /// what the store keeps and the index scores. Each row is built over its non-zero buckets
    /// (`HashedVectorizer.appendDocumentVector`), so nothing of `D × chunks` Float32 is ever held; contiguous ranges of
    /// rows are built on every core and joined. A chunk's features must be there (a reused chunk of
    /// `SpaceEmbedder.embed(_:chunks:language:after:)` has none).
    public func quantizedVectors(of indices: [Int]? = nil) -> QuantizedRows {
        let dimension = model.dimension
        let indices = indices ?? Array(chunks.indices)
        let rows = indices.count
        let vectorizer = HashedVectorizer(model: model)
        let parts = max(1, min(ProcessInfoCores.active, rows / 1_024))
        var built = [QuantizedRows](repeating: QuantizedRows(dimension: dimension), count: parts)
        built.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer  // each part writes only its own index
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let range = (rows * part / parts)..<(rows * (part + 1) / parts)
                var quantized = QuantizedRows(dimension: dimension)
                quantized.reserve(rows: range.count, entries: range.count * min(dimension, 1_024))
                var scratch = HashedVectorizer.RowScratch(dimension: dimension)
                for r in range { vectorizer.appendDocumentVector(chunks[indices[r]].features, idf: idf, to: &quantized, scratch: &scratch) }
                out[part] = quantized
            }
        }
        var all = built[0]
        for part in built.dropFirst() { all.append(contentsOf: part) }
        return all
    }

    /// Number of sections over all pages.
    public var sectionCount: Int { content.pages.reduce(0) { $0 + $1.sections.count } }

    /// The snapshot rows and segment of this space, for indexing without a store (tests, evaluation).
    public func append(to builder: inout IndexSnapshotBuilder, organizationID: String = "default", revisionID: String = "local") {
        let rows = chunks.map { embedded in
            let page = content.pages[embedded.pageIndex]
            let section = page.sections[embedded.sectionIndex]
            return IndexedChunk(
                spaceID: content.spaceId,
                pageID: page.id,
                pagePath: page.path,
                pageTitle: page.title,
                sectionID: section.id,
                sectionTitle: section.title,
                blocks: embedded.chunk.blocks
            )
        }
        builder.appendRows(rows, quantized: quantizedVectors(), lexical: chunks.map { $0.features.words() })
        let sections = content.pages.flatMap { page in
            page.sections.map {
                IndexedSection(pageID: page.id, pagePath: page.path, pageTitle: page.title, sectionID: $0.id, title: $0.title, level: $0.level)
            }
        }
        builder.closeSegment(
            spaceID: content.spaceId,
            spaceTitle: content.title,
            organizationID: organizationID,
            revisionID: revisionID,
            language: language,
            idf: idf,
            sections: sections,
            vocabulary: vocabulary
        )
    }
}
