import Crypto
import Foundation

/// Deterministic ids and content hashes from SHA-256 (swift-crypto): the same input gives the same id in every process.
public enum StableID {
    /// A 20-character lowercase hex id for the given parts, e.g. a page id from its space and path.
    public static func make(_ parts: String...) -> String {
        String(hex(parts).prefix(20))
    }

    /// The full SHA-256 of the parts as 64 hex characters; used as a chunk's content hash.
    public static func contentHash(_ parts: [String]) -> String { hex(parts) }

    /// The full SHA-256 of `bytes` as 64 hex characters; for keys of content that is already encoded unambiguously.
    public static func contentHash(bytes: Data) -> String {
        hex(SHA256.hash(data: bytes))
    }

    private static func hex(_ parts: [String]) -> String {
        var hasher = SHA256()
        for (i, part) in parts.enumerated() {
            if i > 0 { hasher.update(data: [0x1F]) }
            var part = part
            part.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        return hex(hasher.finalize())
    }

    /// The digest as lowercase hex, written into one buffer rather than joined from a `String` per byte: every chunk
    /// of every import is hashed.
    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: SHA256.Digest.byteCount * 2) { out in
            for (i, byte) in digest.enumerated() {
                out[2 * i] = digits[Int(byte >> 4)]
                out[2 * i + 1] = digits[Int(byte & 0x0F)]
            }
            return SHA256.Digest.byteCount * 2
        }
    }
}
