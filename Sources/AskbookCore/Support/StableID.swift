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
        SHA256.hash(data: bytes).map { byte in
            let s = String(byte, radix: 16)
            return byte < 16 ? "0" + s : s
        }.joined()
    }

    private static func hex(_ parts: [String]) -> String {
        var hasher = SHA256()
        for (i, part) in parts.enumerated() {
            if i > 0 { hasher.update(data: [0x1F]) }
            hasher.update(data: Array(part.utf8))
        }
        return hasher.finalize().map { byte in
            let s = String(byte, radix: 16)
            return byte < 16 ? "0" + s : s
        }.joined()
    }
}
