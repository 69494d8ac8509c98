import AskbookCore

/// SplitMix64 as a `RandomNumberGenerator`: a run is repeated exactly by its seed.
struct FuzzRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return StableHash.mix(state &- 0x9e37_79b9_7f4a_7c15)
    }

    /// A length that is usually small and sometimes large: most bugs need a few bytes, bombs need many.
    mutating func length(upTo limit: Int) -> Int {
        switch Int.random(in: 0..<10, using: &self) {
        case 0..<6: Int.random(in: 1...min(8, max(1, limit)), using: &self)
        case 6..<9: Int.random(in: 1...min(256, max(1, limit)), using: &self)
        default: Int.random(in: 1...max(1, limit), using: &self)
        }
    }
}
