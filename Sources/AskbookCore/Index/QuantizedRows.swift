import Foundation

/// Chunk vectors as 8-bit codes: each row keeps its non-zero buckets, each as a signed code of −127…127, and one scale,
/// so bucket `b` of row `r` is `scale[r] × code`. The form vectors are stored in and loaded from; `VectorIndex`
/// regroups them by bucket to score.
///
/// A chunk vector has ~800 non-zero buckets of 4,096 and its largest element bounds every other one, so one scale per
/// row (its largest magnitude ÷ 127) keeps each element within half a step, 0.4% of that magnitude: the scores of
/// the evaluation sets and their top-1 rows are those of the Float32 product (the bench's agreement figure). Stored
/// as a bitmap of the non-zero buckets and their codes, a row takes `4 + D/8 + non-zeros` bytes (~1.3 KB at D 4,096,
/// against 16 KB of Float32).
public struct QuantizedRows: Sendable, Equatable {
    /// Vector dimension `D`; every bucket is below it.
    public let dimension: Int
    /// Each row's scale: its largest magnitude ÷ 127 (0 for an all-zero row).
    public private(set) var scales: [Float] = []
    /// Row `r`'s entries are `starts[r] ..< starts[r + 1]` of `buckets` and `codes`, in bucket order.
    public private(set) var starts: [Int] = [0]
    public private(set) var buckets: [UInt16] = []
    public private(set) var codes: [Int8] = []

    /// The largest dimension: bucket numbers are 16-bit.
    public static let maxDimension = 1 << 16

    /// No rows yet.
    public init(dimension: Int) {
        precondition((1...Self.maxDimension).contains(dimension), "dimension must be 1…65,536")
        self.dimension = dimension
    }

    /// The rows of a bucket-major Float matrix (`dimension × rows`: bucket `b` of row `r` at `b * rows + r`).
    public init(bucketMajor values: [Float], dimension: Int) {
        precondition(dimension > 0 && values.count % dimension == 0, "matrix size must be a multiple of the dimension")
        self.init(dimension: dimension)
        let rows = values.count / dimension
        var row = [Float](repeating: 0, count: dimension)
        reserve(rows: rows, entries: values.count / 4)
        for r in 0..<rows {
            for b in 0..<dimension { row[b] = values[b * rows + r] }
            row.withUnsafeBufferPointer { append($0) }
        }
    }

    /// The rows of a row-major Float matrix (`rows × dimension`).
    public init(rowMajor values: [Float], dimension: Int) {
        precondition(dimension > 0 && values.count % dimension == 0, "matrix size must be a multiple of the dimension")
        self.init(dimension: dimension)
        values.withUnsafeBufferPointer { all in
            for start in stride(from: 0, to: all.count, by: dimension) {
                append(UnsafeBufferPointer(rebasing: all[start..<(start + dimension)]))
            }
        }
    }

    /// Number of rows.
    public var count: Int { scales.count }

    /// Number of non-zero codes over all rows.
    public var entryCount: Int { codes.count }

    /// Makes room for `rows` more rows with `entries` more non-zero codes.
    public mutating func reserve(rows: Int, entries: Int) {
        scales.reserveCapacity(scales.count + rows)
        starts.reserveCapacity(starts.count + rows)
        buckets.reserveCapacity(buckets.count + entries)
        codes.reserveCapacity(codes.count + entries)
    }

    /// Quantizes and appends one dense row (length `dimension`).
    public mutating func append(_ row: UnsafeBufferPointer<Float>) {
        precondition(row.count == dimension)
        var largest: Float = 0
        for value in row { largest = max(largest, abs(value)) }
        guard largest > 0, largest.isFinite else {
            scales.append(0)
            starts.append(codes.count)
            return
        }
        let scale = largest / 127
        let inverse = 1 / scale
        for (b, value) in row.enumerated() where value != 0 {
            let code = (value * inverse).rounded()
            guard code != 0 else { continue }
            buckets.append(UInt16(b))
            codes.append(Int8(max(-127, min(127, code))))
        }
        scales.append(scale)
        starts.append(codes.count)
    }

    /// Appends every row of `other` (same dimension).
    public mutating func append(contentsOf other: QuantizedRows) {
        precondition(other.dimension == dimension)
        let offset = codes.count
        scales += other.scales
        starts += other.starts.dropFirst().map { $0 + offset }
        buckets += other.buckets
        codes += other.codes
    }

    /// Row `r` as a dense Float vector (scale × code, zeros elsewhere).
    public func row(_ r: Int) -> [Float] {
        var out = [Float](repeating: 0, count: dimension)
        for i in starts[r]..<starts[r + 1] { out[Int(buckets[i])] = scales[r] * Float(codes[i]) }
        return out
    }

    // MARK: Serialization

    /// Bytes of one stored row with `entries` non-zero codes: the scale, the bitmap of non-zero buckets, the codes.
    static func storedSize(entries: Int, dimension: Int) -> Int { 4 + (dimension + 7) / 8 + entries }

    /// Rows `range` as stored bytes: per row a little-endian Float32 scale, a bitmap of `⌈D/8⌉` bytes (bit `b % 8` of
    /// byte `b / 8` set for a non-zero bucket `b`), then one code per set bit, in bucket order.
    public func serialized(rows range: Range<Int>? = nil) -> Data {
        let range = range ?? 0..<count
        let bitmapBytes = (dimension + 7) / 8
        let size = range.reduce(0) { $0 + Self.storedSize(entries: starts[$1 + 1] - starts[$1], dimension: dimension) }
        var data = Data(count: size)
        data.withUnsafeMutableBytes { raw in
            var at = 0
            for r in range {
                raw.storeBytes(of: scales[r].bitPattern.littleEndian, toByteOffset: at, as: UInt32.self)
                at += 4
                for i in starts[r]..<starts[r + 1] {
                    let b = Int(buckets[i])
                    raw[at + b / 8] |= UInt8(1) << UInt8(b % 8)
                }
                at += bitmapBytes
                for i in starts[r]..<starts[r + 1] {
                    raw[at] = UInt8(bitPattern: codes[i])
                    at += 1
                }
            }
        }
        return data
    }

    /// Appends `rows` rows read from bytes written by `serialized(rows:)`.
    ///
    /// - Returns: false, appending nothing, when the bytes do not hold exactly `rows` well-formed rows (a damaged
    ///   store): a non-finite or negative scale, a bit past the dimension, a zero code, or bytes left over or missing.
    public mutating func append(serialized data: Data, rows: Int) -> Bool {
        let bitmapBytes = (dimension + 7) / 8
        var added = QuantizedRows(dimension: dimension)
        added.reserve(rows: rows, entries: max(0, data.count - rows * (4 + bitmapBytes)))
        let ok: Bool = data.withUnsafeBytes { raw in
            var at = 0
            for _ in 0..<rows {
                guard at + 4 + bitmapBytes <= raw.count else { return false }
                let scale = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
                guard scale.isFinite, scale >= 0 else { return false }
                let bitmap = at + 4
                var next = bitmap + bitmapBytes
                // Eight bytes of the bitmap at a time; the trailing zero count finds each set bit.
                var byte = 0
                while byte < bitmapBytes {
                    let width = min(8, bitmapBytes - byte)
                    var word: UInt64 = 0
                    if width == 8 {
                        word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: bitmap + byte, as: UInt64.self))
                    } else {
                        for k in 0..<width { word |= UInt64(raw[bitmap + byte + k]) << UInt64(8 * k) }
                    }
                    while word != 0 {
                        let b = byte * 8 + word.trailingZeroBitCount
                        word &= word - 1
                        guard b < dimension, next < raw.count else { return false }
                        let code = Int8(bitPattern: raw[next])
                        guard code != 0, code != -128 else { return false }
                        added.buckets.append(UInt16(b))
                        added.codes.append(code)
                        next += 1
                    }
                    byte += 8
                }
                added.scales.append(scale)
                added.starts.append(added.codes.count)
                at = next
            }
            return at == raw.count
        }
        guard ok else { return false }
        append(contentsOf: added)
        return true
    }
}
