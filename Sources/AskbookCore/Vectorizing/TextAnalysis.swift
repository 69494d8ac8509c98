/// What the model makes of a text, for debugging retrieval and for checking that hashing is stable across processes
/// (`askbook analyze`): its terms, and each hashed feature's count, bucket and sign.
public struct TextAnalysis: Encodable, Sendable {
    /// The model's id.
    public var model: String
    /// The text's terms, as queries and chunks are analysed.
    public var terms: [String]
    /// One `[count, bucket, sign]` per feature, in the order of `keys`.
    public var features: [[Double]]
    /// The features' hash keys, in hexadecimal.
    public var keys: [String]

    /// Analyses `text` with `model`, stemming in `language` (default: the model's).
    public init(text: String, model: VectorizerModel, language: String? = nil) {
        let analyzer = TextAnalyzer(model: model, language: language)
        let sparse = analyzer.features(text: text)
        let vectorizer = HashedVectorizer(model: model)
        self.model = model.id
        terms = analyzer.terms(text)
        features = zip(sparse.keys, sparse.counts).map { key, count in
            let (bucket, sign) = vectorizer.bucket(of: key)
            return [Double(count), Double(bucket), Double(sign)]
        }
        keys = sparse.keys.map { String($0, radix: 16) }
    }
}
