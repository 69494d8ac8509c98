import Foundation

/// Quantized rows kept as their stored bytes (`QuantizedRows.serialized(rows:)`), each row located but not decoded:
/// what a re-import assembles the next revision's matrix from. An unchanged chunk's row is copied as bytes, and the
/// matrix is written as it is assembled, where decoding every row of the previous revision into `QuantizedRows`,
/// copying the unchanged ones and encoding them again took two thirds of a 100k-chunk re-import's vector work.
public struct StoredRows: Sendable, Equatable {
    /// Vector dimension `D`.
    public let dimension: Int
    /// The rows' bytes, back to back.
    private var bytes: [UInt8] = []
    /// Row `r` is `bytes[offsets[r] ..< offsets[r + 1]]`.
    private var offsets: [Int] = [0]

    /// No rows yet.
    public init(dimension: Int) {
        precondition((1...QuantizedRows.maxDimension).contains(dimension), "dimension must be 1…65,536")
        self.dimension = dimension
    }

    /// The rows of `rows` as they are stored.
    public init(_ rows: QuantizedRows) {
        self.init(dimension: rows.dimension)
        let appended = append(serialized: rows.serialized(), rows: rows.count)
        precondition(appended, "QuantizedRows serializes to well-formed rows")
    }

    /// Number of rows.
    public var count: Int { offsets.count - 1 }

    /// Bytes of all rows.
    public var byteCount: Int { bytes.count }

    /// Makes room for `rows` more rows of `bytes` more bytes.
    public mutating func reserve(rows: Int, bytes more: Int) {
        offsets.reserveCapacity(offsets.count + rows)
        bytes.reserveCapacity(bytes.count + more)
    }

    /// Appends `rows` rows read from bytes written by `QuantizedRows.serialized(rows:)`.
    ///
    /// - Returns: false, appending nothing, unless the bytes are exactly `rows` rows that `QuantizedRows(serialized:)`
    ///   reads: each row's scale finite and not negative, no bit past the dimension, every code neither 0 nor −2,048
    ///   (a damaged row copied forward would leave every later revision unloadable too).
    public mutating func append(serialized data: Data, rows: Int) -> Bool {
        guard rows >= 0 else { return false }
        let bitmapBytes = (dimension + 7) / 8
        var found: [Int] = []
        found.reserveCapacity(rows)
        let valid = data.withUnsafeBytes { raw -> Bool in
            var at = 0
            for _ in 0..<rows {
                guard let (_, entries, end) = QuantizedRows.storedRow(raw, at: at, dimension: dimension),
                    Self.codesAreValid(raw, at: at + 4 + bitmapBytes, entries: entries)
                else { return false }
                at = end
                found.append(at)
            }
            return at == raw.count
        }
        guard valid else { return false }
        let base = bytes.count
        bytes.append(contentsOf: data)
        offsets += found.lazy.map { base + $0 }
        return true
    }

    /// Whether the `entries` packed 12-bit codes at byte `at` are all valid stored codes (`QuantizedRows.code`), a last
    /// odd code's unused high bits clear.
    private static func codesAreValid(_ raw: UnsafeRawBufferPointer, at start: Int, entries: Int) -> Bool {
        var at = start
        var left = entries
        while left >= 2 {
            let pair = UInt32(raw[at]) | UInt32(raw[at + 1]) << 8 | UInt32(raw[at + 2]) << 16
            guard QuantizedRows.code(pair & 0xFFF) != nil, QuantizedRows.code(pair >> 12) != nil else { return false }
            at += 3
            left -= 2
        }
        if left == 1 {
            let bits = UInt32(raw[at]) | UInt32(raw[at + 1]) << 8
            guard bits >> 12 == 0, QuantizedRows.code(bits) != nil else { return false }
        }
        return true
    }

    /// Appends row `r` of `other` (same dimension) as its bytes.
    public mutating func append(row r: Int, of other: StoredRows) {
        precondition(other.dimension == dimension)
        bytes += other.bytes[other.offsets[r]..<other.offsets[r + 1]]
        offsets.append(bytes.count)
    }

    /// Rows `range` as stored bytes, as `QuantizedRows.serialized(rows:)` writes them.
    public func serialized(rows range: Range<Int>) -> Data {
        Data(bytes[offsets[range.lowerBound]..<offsets[range.upperBound]])
    }

    /// The rows decoded.
    public func quantized() -> QuantizedRows {
        guard let rows = QuantizedRows(serialized: Data(bytes), rows: count, dimension: dimension) else {
            preconditionFailure("StoredRows holds only rows that QuantizedRows reads")
        }
        return rows
    }
}
