import AskbookCore
import Foundation

/// The stored form of a chunk's blocks and breadcrumb: a tag byte, then length-prefixed UTF-8 strings. Written by hand
/// because a snapshot load decodes every chunk of every space: `JSONDecoder` took ~0.4 s of a 100k-chunk load, this
/// takes a tenth of that, and an import encodes it as much faster.
///
/// Blocks: per block a kind byte (`kindCodes`; bit 7 set when a link target follows), the text's byte count as an
/// unsigned LEB128 integer, the text, then for a target its byte count and bytes. Strings (a breadcrumb): per string
/// its byte count and bytes. Both start with `formatTag`, which a JSON array (`[`) never does. The codes are frozen:
/// stored rows keep them, and another format would take another tag.
enum BlockEncoding {
    /// The first byte of every encoded value.
    static let formatTag: UInt8 = 0x01
    /// Each kind's stored code; never renumbered.
    private static let kindCodes: [Block.Kind: UInt8] = [
        .paragraph: 0, .code: 1, .listItem: 2, .tableRow: 3, .quote: 4, .label: 5, .summary: 6, .link: 7,
    ]
    private static let kinds: [UInt8: Block.Kind] = Dictionary(uniqueKeysWithValues: kindCodes.map { ($1, $0) })
    private static let hasTarget: UInt8 = 0x80

    /// `blocks` as stored bytes.
    static func encode(_ blocks: [Block]) -> Data {
        var out = [formatTag]
        out.reserveCapacity(blocks.reduce(1) { $0 + $1.text.utf8.count + 4 })
        for block in blocks {
            out.append(kindCodes[block.kind]! | (block.target == nil ? 0 : hasTarget))
            append(block.text, to: &out)
            if let target = block.target { append(target, to: &out) }
        }
        return Data(out)
    }

    /// The blocks `data` holds; `nil` unless it is exactly a well-formed encoding (a damaged store).
    static func decodeBlocks(_ data: Data) -> [Block]? {
        data.withUnsafeBytes { decodeBlocks($0) }
    }

    /// The blocks `raw` holds; `nil` unless it is exactly a well-formed encoding.
    static func decodeBlocks(_ raw: UnsafeRawBufferPointer) -> [Block]? {
        var reader = Reader(raw: raw)
        guard reader.byte() == formatTag else { return nil }
        var blocks: [Block] = []
        while !reader.atEnd {
            guard let code = reader.byte(), let kind = kinds[code & ~hasTarget], let text = reader.string() else { return nil }
            var target: String?
            if code & hasTarget != 0 {
                guard let read = reader.string() else { return nil }
                target = read
            }
            blocks.append(Block(kind, text, target: target))
        }
        return blocks
    }

    /// `strings` as stored bytes.
    static func encode(strings: [String]) -> Data {
        var out = [formatTag]
        for string in strings { append(string, to: &out) }
        return Data(out)
    }

    /// The strings `data` holds; `nil` unless it is exactly a well-formed encoding.
    static func decodeStrings(_ data: Data) -> [String]? {
        data.withUnsafeBytes { raw -> [String]? in
            var reader = Reader(raw: raw)
            guard reader.byte() == formatTag else { return nil }
            var strings: [String] = []
            while !reader.atEnd {
                guard let string = reader.string() else { return nil }
                strings.append(string)
            }
            return strings
        }
    }

    private static func append(_ string: String, to out: inout [UInt8]) {
        var count = string.utf8.count
        while count >= 0x80 {
            out.append(UInt8(count & 0x7F) | 0x80)
            count >>= 7
        }
        out.append(UInt8(count))
        out.append(contentsOf: string.utf8)
    }

    /// Reads bytes front to back; every read fails (`nil`) rather than pass the end.
    private struct Reader {
        let raw: UnsafeRawBufferPointer
        var at = 0

        var atEnd: Bool { at == raw.count }

        mutating func byte() -> UInt8? {
            guard at < raw.count else { return nil }
            defer { at += 1 }
            return raw[at]
        }

        /// A LEB128 byte count (at most 5 bytes, so it cannot overflow), then that many bytes of valid UTF-8.
        mutating func string() -> String? {
            var count = 0
            var shift = 0
            while true {
                guard shift < 35, let next = byte() else { return nil }
                count |= Int(next & 0x7F) << shift
                shift += 7
                if next & 0x80 == 0 { break }
            }
            guard count <= raw.count - at else { return nil }
            defer { at += count }
            return String(validating: UnsafeRawBufferPointer(rebasing: raw[at..<(at + count)]), as: UTF8.self)
        }
    }
}
