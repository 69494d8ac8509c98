/// Features with their final weights and the vector's norm: an exact (unhashed) sparse vector, for cosines between
/// short texts (a question and its candidate sentences).
public struct WeightedFeatures: Sendable, Hashable {
    /// Feature keys, ascending (as in `SparseFeatures`).
    public var keys: [UInt64]
    /// Weight of each key.
    public var weights: [Float]
    /// Euclidean norm of the weights.
    public var norm: Float

    public init(keys: [UInt64], weights: [Float], norm: Float) {
        precondition(keys.count == weights.count, "one weight per key")
        self.keys = keys
        self.weights = weights
        self.norm = norm
    }

    /// Cosine with `other`: a merge of the two sorted key lists; 0 when either is empty.
    public func cosine(_ other: WeightedFeatures) -> Float {
        guard norm > 0, other.norm > 0 else { return 0 }
        var dot: Float = 0
        var i = 0
        var j = 0
        while i < keys.count, j < other.keys.count {
            let a = keys[i]
            let b = other.keys[j]
            if a < b {
                i += 1
            } else if b < a {
                j += 1
            } else {
                dot += weights[i] * other.weights[j]
                i += 1
                j += 1
            }
        }
        return dot / (norm * other.norm)
    }
}
