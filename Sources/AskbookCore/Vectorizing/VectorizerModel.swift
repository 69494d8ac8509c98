import Foundation

/// Everything that changes vectors, read from a model file in `Models/` (e.g. `Models/hashed-v3.json`).
///
/// The store records the model id with each vector; chunks built by a different model are re-embedded, never mixed.
public struct VectorizerModel: Sendable, Hashable, Codable {
    /// Feature families and their weights.
    public struct Features: Sendable, Hashable, Codable {
        /// Weight of word unigrams (stems, and code identifiers kept whole).
        public var unigrams: Float
        /// Weight of adjacent stem pairs; 0 disables them (they hurt at small dimensions).
        public var bigrams: Float
        /// Weight of character n-grams of each word (typo and morphology tolerance); 0 disables them.
        public var charNgrams: Float
        /// Shortest and longest character n-gram, boundaries `<` `>` included.
        public var charNgramMin: Int
        public var charNgramMax: Int
        /// How many times a breadcrumb (space › page › heading) term counts compared with a body term.
        public var headingWeight: Float
        /// Whether the space title is part of every chunk's breadcrumb features (default `true`). `false` keeps a
        /// chunk's features the same whichever space holds its page.
        public var spaceTitle: Bool?
    }

    /// How term frequencies and document frequencies become weights.
    public struct Weighting: Sendable, Hashable, Codable {
        /// `sublinear` (1 + ln tf) or `bm25` (tf saturation with length normalisation, `k1` and `b`).
        public var tf: String
        public var k1: Float
        public var b: Float
        /// Where idf is applied (default `document`).
        public var idf: IDFPlacement?
        /// With `idf: query` and `tf: bm25`: the chunk length (in words) BM25 normalises against. Chunk vectors cannot
        /// depend on the spaces searched, so the mean length is a model constant (the chunker bounds chunk sizes).
        public var referenceLength: Float?
    }

    /// Where the inverse document frequency of a feature is applied.
    public enum IDFPlacement: String, Sendable, Hashable, Codable {
        /// Each space's idf inside its chunk vectors (models up to `hashed-v2`): scores of different spaces have
        /// different scales.
        case document
        /// Chunk vectors carry term weights only; a query carries the idf of all the spaces it searches
        /// (`CorpusStatistics`), so a question over several spaces ranks as if they were one.
        case query
    }

    /// Where this model applies idf.
    public var idfPlacement: IDFPlacement { weighting.idf ?? .document }

    /// Model id recorded with every vector, e.g. `hashed-v3`.
    public var id: String
    /// Vector dimension `D` (number of hash buckets).
    public var dimension: Int
    /// Hash seed; changing it changes every vector.
    public var seed: UInt64
    /// Snowball stemmer language (`english`, `french`, …), or `none`.
    public var language: String
    /// Lower-case words left out of features.
    public var stopWords: [String]
    public var features: Features
    public var weighting: Weighting
    /// Upper bound of a chunk's text in characters.
    public var maxChunkCharacters: Int
    /// The exact second stage over the best vector candidates; `nil` ranks by the vectors alone.
    public var rerank: Rerank?

    /// Exact lexical rescoring: the `candidates` best rows by cosine are rescored with BM25 over their exact (unhashed)
    /// word features, and ranked by `lexicalWeight` × BM25 / best BM25 + (1 − `lexicalWeight`) × cosine.
    public struct Rerank: Sendable, Hashable, Codable {
        public var candidates: Int
        public var lexicalWeight: Float
        public var k1: Float
        public var b: Float

        public init(candidates: Int, lexicalWeight: Float, k1: Float = 1.2, b: Float = 0.75) {
            self.candidates = candidates
            self.lexicalWeight = lexicalWeight
            self.k1 = k1
            self.b = b
        }
    }

    /// The model without the parts that do not change stored features or vectors (the rerank stage), for content hashes.
    public var indexingIdentity: VectorizerModel {
        var copy = self
        copy.rerank = nil
        return copy
    }

    /// Loads and validates a model file.
    ///
    /// - Throws: `AskbookError.invalidModel` when the file is missing or a field is out of range.
    public static func load(path: String) throws -> VectorizerModel {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw AskbookError.invalidModel("cannot read \(path)")
        }
        return try decode(data)
    }

    /// Decodes and validates a model from JSON.
    ///
    /// - Throws: `AskbookError.invalidModel`.
    public static func decode(_ data: Data) throws -> VectorizerModel {
        let model: VectorizerModel
        do {
            model = try JSONDecoder().decode(VectorizerModel.self, from: data)
        } catch {
            throw AskbookError.invalidModel("\(error)")
        }
        try model.validate()
        return model
    }

    /// The model as JSON, as stored with the revision.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }

    private func validate() throws {
        guard !id.isEmpty else { throw AskbookError.invalidModel("id is empty") }
        // Buckets are 16-bit in stored and indexed vectors (`QuantizedRows`).
        guard (16...1 << 16).contains(dimension) else { throw AskbookError.invalidModel("dimension must be 16…65536") }
        guard features.charNgramMin >= 1, features.charNgramMax >= features.charNgramMin else {
            throw AskbookError.invalidModel("charNgramMin must be ≥ 1 and ≤ charNgramMax")
        }
        guard ["sublinear", "bm25"].contains(weighting.tf) else { throw AskbookError.invalidModel("weighting.tf must be sublinear or bm25") }
        if let length = weighting.referenceLength, !(1...100_000).contains(length) {
            throw AskbookError.invalidModel("weighting.referenceLength must be 1…100000")
        }
        if idfPlacement == .query, weighting.tf == "bm25", weighting.referenceLength == nil {
            // A chunk vector must not depend on its space: BM25's length normalisation needs a fixed length then.
            throw AskbookError.invalidModel("weighting.referenceLength is required with idf 'query' and tf 'bm25'")
        }
        guard maxChunkCharacters >= 100 else { throw AskbookError.invalidModel("maxChunkCharacters must be ≥ 100") }
        if let rerank, rerank.candidates < 1 || !(0...1).contains(rerank.lexicalWeight) || rerank.k1 < 0 || !(0...1).contains(rerank.b) {
            throw AskbookError.invalidModel("rerank needs candidates ≥ 1, lexicalWeight and b in 0…1, k1 ≥ 0")
        }
    }
}
