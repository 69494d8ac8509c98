import Foundation

/// Builds dense vectors from hashed features: one bucket and one sign per feature (signed hashing keeps inner
/// products unbiased), weight = family weight × tf weight (× idf where the model applies it), then L2 normalisation so
/// cosine is a dot product.
public struct HashedVectorizer: Sendable {
    public let model: VectorizerModel
    /// `D − 1` when `D` is a power of two (the shipped models' 4,096): a bucket is then a mask of the key, not a 64-bit
    /// remainder, once per feature of every chunk an import vectorizes.
    @usableFromInline let bucketMask: UInt64?

    public init(model: VectorizerModel) {
        self.model = model
        let dimension = UInt64(max(1, model.dimension))
        bucketMask = dimension & (dimension - 1) == 0 ? dimension - 1 : nil
    }

    /// The dimension `D` of every vector.
    public var dimension: Int { model.dimension }

    /// Writes a chunk's vector into `out` (length `dimension`, overwritten): its term weights
    /// (`addDocumentTerms`), L2-normalised.
    public func documentVector(_ features: SparseFeatures, idf: IDFTable, into out: UnsafeMutableBufferPointer<Float>) {
        precondition(out.count == dimension)
        out.update(repeating: 0)
        addDocumentTerms(features, idf: idf, into: out, touched: nil)
        normalize(out)
    }

    /// Quantizes a chunk's vector onto `rows`: the row `QuantizedRows.append(_:)` makes of `documentVector`'s output,
    /// bit for bit, built over the ~800 buckets the chunk writes rather than all `D` (zeroing, normalising and
    /// quantizing a dense 4,096-float row per chunk was most of the cost of a large import's vectors).
    public func appendDocumentVector(_ features: SparseFeatures, idf: IDFTable, to rows: inout QuantizedRows, scratch: inout RowScratch) {
        precondition(rows.dimension == dimension && scratch.values.count == dimension)
        scratch.values.withUnsafeMutableBufferPointer { values in
            scratch.touched.withUnsafeMutableBufferPointer { touched in
                addDocumentTerms(features, idf: idf, into: values, touched: touched)
                // The dense path's sum in the same (bucket) order: the buckets it adds beside these hold 0.
                var sum: Float = 0
                RowScratch.forEachBucket(touched) { sum += values[$0] * values[$0] }
                if sum > 0 {
                    let scale = 1 / sum.squareRoot()
                    RowScratch.forEachBucket(touched) { values[$0] *= scale }
                }
                rows.appendClearing(values, touched: touched)
            }
        }
    }

    /// A dense row and a bit per bucket of which ones it holds, zero between uses: what `appendDocumentVector` builds
    /// a row in. One per thread.
    public struct RowScratch: Sendable {
        var values: [Float]
        var touched: [UInt64]

        public init(dimension: Int) {
            values = [Float](repeating: 0, count: dimension)
            touched = [UInt64](repeating: 0, count: (dimension + 63) / 64)
        }

        /// Calls `body` with each bucket whose bit is set, ascending.
        @inline(__always)
        static func forEachBucket(_ touched: UnsafeMutableBufferPointer<UInt64>, _ body: (Int) -> Void) {
            for w in 0..<touched.count {
                var word = touched[w]
                while word != 0 {
                    body(w << 6 | word.trailingZeroBitCount)
                    word &= word &- 1
                }
            }
        }
    }

    /// Adds a chunk's term weights into `out`, marking each bucket written in `touched` when given.
    ///
    /// With idf on the document side (`IDFPlacement.document`) each term weighs family × tf weight × the space's idf;
    /// with idf on the query side, family × tf weight only, BM25's length normalisation against the model's
    /// reference length, so the vector depends on the chunk alone.
    @inline(__always)
    private func addDocumentTerms(
        _ features: SparseFeatures,
        idf: IDFTable,
        into out: UnsafeMutableBufferPointer<Float>,
        touched: UnsafeMutableBufferPointer<UInt64>?
    ) {
        let w = model.weighting
        let documentIDF = model.idfPlacement == .document
        let averageLength = documentIDF ? idf.averageLength : (w.referenceLength ?? idf.averageLength)
        let norm = w.k1 * (1 - w.b + w.b * features.length / averageLength)
        let saturated = w.tf == "bm25"  // once per chunk, not once per feature
        for i in 0..<features.count {
            let key = features.keys[i]
            let inverse: Float
            if documentIDF {
                guard let value = idf.idf(key) else { continue }
                inverse = value
            } else {
                inverse = 1
            }
            let tf = features.counts[i]
            // Most terms occur once, and 1 + ln 1 is exactly 1: the logarithm is skipped for them.
            let tfWeight = saturated ? tf * (w.k1 + 1) / (tf + norm) : tf == 1 ? 1 : 1 + log(tf)
            let (index, sign) = bucket(of: key)
            out[index] += sign * (familyWeight(key) * tfWeight * inverse)
            touched?[index >> 6] |= 1 << UInt64(index & 63)
        }
    }

    /// A chunk's vector as a new array.
    public func documentVector(_ features: SparseFeatures, idf: IDFTable) -> [Float] {
        var vector = [Float](repeating: 0, count: dimension)
        vector.withUnsafeMutableBufferPointer { documentVector(features, idf: idf, into: $0) }
        return vector
    }

    /// A query's vector, or `nil` when none of its features occurs in the corpus.
    ///
    /// `context` features (earlier questions of a conversation) are added with weight `contextWeight`. A term
    /// weighs family × (1 + ln tf) × idf, the idf from `statistics` (with idf on the query side, the only place it is
    /// applied; idf² to make up for the chunk side's missing factor ranked worse on the tuning sides).
    public func queryVector(
        _ features: SparseFeatures,
        statistics: CorpusStatistics,
        context: SparseFeatures? = nil,
        contextWeight: Float = 0.3
    ) -> [Float]? {
        var vector = [Float](repeating: 0, count: dimension)
        var any = false
        vector.withUnsafeMutableBufferPointer { out in
            for (source, scale) in [(features, Float(1)), (context, contextWeight)] {
                guard let source else { continue }
                for i in 0..<source.count {
                    let key = source.keys[i]
                    guard let inverse = statistics.idf(key) else { continue }
                    any = any || scale == 1
                    add(key: key, weight: scale * familyWeight(key) * (1 + log(source.counts[i])) * inverse, into: out)
                }
            }
            normalize(out)
        }
        return any ? vector : nil
    }

    /// A query's vector against one space's statistics; see `queryVector(_:statistics:context:contextWeight:)`.
    public func queryVector(_ features: SparseFeatures, idf: IDFTable, context: SparseFeatures? = nil, contextWeight: Float = 0.3) -> [Float]? {
        queryVector(features, statistics: CorpusStatistics(idf), context: context, contextWeight: contextWeight)
    }

    /// Exact (unhashed) weights of `features`, as a query is weighted: family × (1 + ln tf) × idf, features the
    /// corpus lacks at the idf of df = 0. The cosine of two such vectors compares a sentence with the question.
    public func exactWeights(_ features: SparseFeatures, statistics: CorpusStatistics) -> WeightedFeatures {
        var weights = [Float](repeating: 0, count: features.count)
        var sum: Float = 0
        for i in 0..<features.count {
            let key = features.keys[i]
            let w = familyWeight(key) * (1 + log(features.counts[i])) * (statistics.idf(key) ?? statistics.unseenIDF)
            weights[i] = w
            sum += w * w
        }
        return WeightedFeatures(keys: features.keys, weights: weights, norm: sum.squareRoot())
    }

    /// Exact weights against one space's statistics; see `exactWeights(_:statistics:)`.
    public func exactWeights(_ features: SparseFeatures, idf: IDFTable) -> WeightedFeatures {
        exactWeights(features, statistics: CorpusStatistics(idf))
    }

    /// The bucket and sign of a feature key.
    @inlinable
    public func bucket(of key: UInt64) -> (index: Int, sign: Float) {
        let index = bucketMask.map { (key >> 2) & $0 } ?? (key >> 2) % UInt64(model.dimension)
        return (Int(index), key >> 63 == 1 ? -1 : 1)
    }

    @inline(__always)
    private func add(key: UInt64, weight: Float, into out: UnsafeMutableBufferPointer<Float>) {
        let (index, sign) = bucket(of: key)
        out[index] += sign * weight
    }

    @inline(__always)
    private func familyWeight(_ key: UInt64) -> Float {
        switch SparseFeatures.family(of: key) {
        case .word: model.features.unigrams
        case .bigram: model.features.bigrams
        case .charNgram: model.features.charNgrams
        }
    }

    private func normalize(_ out: UnsafeMutableBufferPointer<Float>) {
        var sum: Float = 0
        for v in out { sum += v * v }
        guard sum > 0 else { return }
        let scale = 1 / sum.squareRoot()
        for i in out.indices { out[i] *= scale }
    }
}
