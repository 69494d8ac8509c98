/// A stable, seeded 64-bit hash for feature hashing: FNV-1a over the feature's Unicode scalars, finished with the
/// SplitMix64 mixer so every bit depends on every input byte.
///
/// Swift's `hashValue` changes per process, so vectors stored on disk need this instead. Written by hand: no
/// package on this machine offers a seeded non-cryptographic 64-bit hash, and SHA-256 is too slow per n-gram.
public enum StableHash {
    /// The hash of `namespace` followed by `scalars`, under `seed`.
    ///
    /// ```swift
    /// StableHash.hash(namespace: 1, scalars: Array("hint".unicodeScalars.map(\.value))[...], seed: 42)
    /// ```
    @inlinable
    public static func hash(namespace: UInt8, scalars: ArraySlice<UInt32>, seed: UInt64) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        h = (h ^ UInt64(namespace)) &* 0x0000_0100_0000_01b3
        for scalar in scalars {
            var value = scalar
            repeat {
                h = (h ^ UInt64(value & 0xFF)) &* 0x0000_0100_0000_01b3
                value >>= 8
            } while value != 0
        }
        return mix(h)
    }

    /// SplitMix64's finaliser.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
