import Foundation

/// Chunk vectors as 12-bit codes: each row keeps its non-zero buckets, each as a signed code of −2,047…2,047, and one
/// scale, so bucket `b` of row `r` is `scale[r] × code`. The form vectors are stored in and loaded from;
/// `VectorIndex` regroups them by bucket to score.
///
/// A chunk vector has ~800 non-zero buckets of 4,096 and its largest element bounds every other one, so one scale per
/// row (its largest magnitude ÷ 2,047) keeps each element within half a step, 0.025% of that magnitude: the bench's
/// corpus, SQuAD paragraphs repeated with one word changed, is full of near-duplicate chunks, and every query's best
/// row is the Float32 product's. Stored as a bitmap of the non-zero buckets and their codes packed two in three
/// bytes, a row takes `4 + D/8 + 1.5 × non-zeros` bytes (~1.7 KB at D 4,096, against 16 KB of Float32).
public struct QuantizedRows: Sendable, Equatable {
    /// Vector dimension `D`; every bucket is below it.
    public let dimension: Int
    /// Each row's scale: its largest magnitude ÷ `maxCode` (0 for an all-zero row).
    public private(set) var scales: [Float] = []
    /// Row `r`'s entries are `starts[r] ..< starts[r + 1]` of `buckets` and `codes`, in bucket order.
    public private(set) var starts: [Int] = [0]
    public private(set) var buckets: [UInt16] = []
    public private(set) var codes: [Int16] = []

    /// The largest dimension: bucket numbers are 16-bit.
    public static let maxDimension = 1 << 16
    /// The largest code magnitude: codes are 12-bit two's complement, −2,048 left unused so that the range is
    /// symmetric.
    public static let maxCode: Float = 2_047

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
        let scale = largest / Self.maxCode
        let inverse = 1 / scale
        for (b, value) in row.enumerated() where value != 0 { appendCode(of: value, bucket: b, inverse: inverse) }
        scales.append(scale)
        starts.append(codes.count)
    }

    /// Quantizes and appends the row whose non-zero buckets are among those set in `touched` (a bit per bucket) of
    /// `values`, then zeroes those buckets and bits: the row `append(_:)` makes of `values`, at the cost of its
    /// non-zeros.
    public mutating func appendClearing(_ values: UnsafeMutableBufferPointer<Float>, touched: UnsafeMutableBufferPointer<UInt64>) {
        precondition(values.count == dimension && touched.count == (dimension + 63) / 64)
        var largest: Float = 0
        for w in 0..<touched.count {
            var word = touched[w]
            while word != 0 {
                largest = max(largest, abs(values[w << 6 | word.trailingZeroBitCount]))
                word &= word &- 1
            }
        }
        let keep = largest > 0 && largest.isFinite
        let scale = keep ? largest / Self.maxCode : 0
        let inverse = keep ? 1 / scale : 0
        for w in 0..<touched.count {
            var word = touched[w]
            touched[w] = 0
            while word != 0 {
                let b = w << 6 | word.trailingZeroBitCount
                word &= word &- 1
                let value = values[b]
                values[b] = 0
                if keep, value != 0 { appendCode(of: value, bucket: b, inverse: inverse) }
            }
        }
        scales.append(scale)
        starts.append(codes.count)
    }

    /// Appends bucket `b`'s code for `value` (÷ the row's scale, as `inverse`), unless it rounds to 0.
    @inline(__always)
    private mutating func appendCode(of value: Float, bucket b: Int, inverse: Float) {
        let code = (value * inverse).rounded()
        guard code != 0 else { return }
        buckets.append(UInt16(b))
        codes.append(Int16(max(-Self.maxCode, min(Self.maxCode, code))))
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

    /// Appends row `r` of `other` (same dimension) as it is.
    public mutating func append(row r: Int, of other: QuantizedRows) {
        precondition(other.dimension == dimension)
        let entries = other.starts[r]..<other.starts[r + 1]
        scales.append(other.scales[r])
        buckets += other.buckets[entries]
        codes += other.codes[entries]
        starts.append(codes.count)
    }

    /// Row `r` as a dense Float vector (scale × code, zeros elsewhere).
    public func row(_ r: Int) -> [Float] {
        var out = [Float](repeating: 0, count: dimension)
        for i in starts[r]..<starts[r + 1] { out[Int(buckets[i])] = scales[r] * Float(codes[i]) }
        return out
    }

    // MARK: Serialization

    /// Bytes of one stored row with `entries` non-zero codes: the scale, the bitmap of non-zero buckets, the codes.
    static func storedSize(entries: Int, dimension: Int) -> Int { 4 + (dimension + 7) / 8 + (entries * 3 + 1) / 2 }

    /// Rows `range` as stored bytes: per row a little-endian Float32 scale, a bitmap of `⌈D/8⌉` bytes (bit `b % 8` of
    /// byte `b / 8` set for a non-zero bucket `b`), then one 12-bit two's-complement code per set bit, in bucket order,
    /// two codes `a`, `b` in three bytes as the little-endian 24 bits `a | b << 12` (a last odd code in two bytes).
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
                var i = starts[r]
                while i < starts[r + 1] {
                    let first = UInt32(UInt16(bitPattern: codes[i]) & 0xFFF)
                    let second = i + 1 < starts[r + 1] ? UInt32(UInt16(bitPattern: codes[i + 1]) & 0xFFF) : 0
                    let pair = first | second << 12
                    raw[at] = UInt8(pair & 0xFF)
                    raw[at + 1] = UInt8(pair >> 8 & 0xFF)
                    if i + 1 < starts[r + 1] {
                        raw[at + 2] = UInt8(pair >> 16)
                        at += 3
                    } else {
                        at += 2
                    }
                    i += 2
                }
            }
        }
        return data
    }

    /// Appends `rows` rows read from bytes written by `serialized(rows:)`.
    ///
    /// - Returns: false, appending nothing, when the bytes do not hold exactly `rows` well-formed rows (a damaged
    ///   store): a non-finite or negative scale, a bit past the dimension, a zero or −2,048 code, or bytes left over
    ///   or missing.
    public mutating func append(serialized data: Data, rows: Int) -> Bool {
        guard let read = QuantizedRows(serialized: data, rows: rows, dimension: dimension) else { return false }
        append(contentsOf: read)
        return true
    }

    /// `rows` rows read from bytes written by `serialized(rows:)`; `nil` when the bytes do not hold exactly `rows`
    /// well-formed rows (see `append(serialized:rows:)`).
    ///
    /// Two passes: the first checks the layout and counts the entries (a population count of each bitmap), the
    /// second writes them into arrays of exactly that size, so a load of a large space appends nothing one by one.
    public init?(serialized data: Data, rows: Int, dimension: Int) {
        guard rows >= 0, (1...Self.maxDimension).contains(dimension) else { return nil }
        let bitmapBytes = (dimension + 7) / 8
        let parsed: (scales: [Float], starts: [Int], buckets: [UInt16], codes: [Int16])? = data.withUnsafeBytes { raw in
            // Pass 1: sizes, scales and the bits past the dimension.
            var scales = [Float]()
            var starts = [0]
            scales.reserveCapacity(rows)
            starts.reserveCapacity(rows + 1)
            var at = 0
            var total = 0
            for _ in 0..<rows {
                guard let (scale, entries, end) = Self.storedRow(raw, at: at, dimension: dimension) else { return nil }
                at = end
                total += entries
                scales.append(scale)
                starts.append(total)
            }
            guard at == raw.count else { return nil }
            // Pass 2: buckets and codes, written in place.
            var valid = true
            var buckets = [UInt16](repeating: 0, count: total)
            var codes = [Int16](repeating: 0, count: total)
            buckets.withUnsafeMutableBufferPointer { buckets in
                codes.withUnsafeMutableBufferPointer { codes in
                    var at = 0
                    for r in 0..<rows where valid {
                        var out = starts[r]
                        let bitmap = at + 4
                        Self.forEachStoredBucket(raw, bitmap: bitmap, bytes: bitmapBytes) { b in
                            buckets[out] = UInt16(b)
                            out += 1
                        }
                        var next = bitmap + bitmapBytes
                        var i = starts[r]
                        while i < starts[r + 1] {
                            let both = i + 1 < starts[r + 1]
                            var bits = UInt32(raw[next]) | UInt32(raw[next + 1]) << 8
                            if both { bits |= UInt32(raw[next + 2]) << 16 }
                            next += both ? 3 : 2
                            guard let low = Self.code(bits & 0xFFF), both ? true : bits >> 12 == 0 else {
                                valid = false
                                break
                            }
                            codes[i] = low
                            if both {
                                guard let high = Self.code(bits >> 12) else {
                                    valid = false
                                    break
                                }
                                codes[i + 1] = high
                            }
                            i += 2
                        }
                        at = next
                    }
                }
            }
            return valid ? (scales, starts, buckets, codes) : nil
        }
        guard let parsed else { return nil }
        self.dimension = dimension
        scales = parsed.scales
        starts = parsed.starts
        buckets = parsed.buckets
        codes = parsed.codes
    }

    /// Whether `raw` is exactly one row as `serialized(rows:)` writes it (its scale, its bitmap and as many bytes of
    /// codes as the bitmap has bits), as the store keeps a chunk's vector; the codes themselves are checked when rows
    /// are read.
    public static func isStoredRow(_ raw: UnsafeRawBufferPointer, dimension: Int) -> Bool {
        (1...maxDimension).contains(dimension) && storedRow(raw, at: 0, dimension: dimension)?.end == raw.count
    }

    /// The layout of the stored row at byte `at` of `raw`: its scale, its number of codes and where it ends; `nil` when
    /// the bytes end first, the scale is not finite or negative, or a bit past the dimension is set.
    @inline(__always)
    static func storedRow(_ raw: UnsafeRawBufferPointer, at: Int, dimension: Int) -> (scale: Float, entries: Int, end: Int)? {
        let bitmapBytes = (dimension + 7) / 8
        guard at + 4 + bitmapBytes <= raw.count else { return nil }
        let scale = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        guard scale.isFinite, scale >= 0 else { return nil }
        let spare = UInt8(truncatingIfNeeded: 0xFF << (dimension % 8))  // bits of the last byte past the dimension
        if dimension % 8 != 0, raw[at + 4 + bitmapBytes - 1] & spare != 0 { return nil }
        let entries = storedEntries(raw, bitmap: at + 4, bytes: bitmapBytes)
        let end = at + 4 + bitmapBytes + (entries * 3 + 1) / 2
        return end <= raw.count ? (scale, entries, end) : nil
    }

    /// The number of set bits of the stored bitmap of `bytes` bytes at byte `at` of `raw`: its row's entries.
    @inline(__always)
    static func storedEntries(_ raw: UnsafeRawBufferPointer, bitmap at: Int, bytes: Int) -> Int {
        var count = 0
        var byte = 0
        while byte + 8 <= bytes {
            count += raw.loadUnaligned(fromByteOffset: at + byte, as: UInt64.self).nonzeroBitCount
            byte += 8
        }
        while byte < bytes {
            count += raw[at + byte].nonzeroBitCount
            byte += 1
        }
        return count
    }

    /// Calls `body` with the bucket of each set bit of the stored bitmap of `bytes` bytes at byte `at` of `raw`, in
    /// bucket order.
    @inline(__always)
    static func forEachStoredBucket(_ raw: UnsafeRawBufferPointer, bitmap at: Int, bytes: Int, _ body: (Int) -> Void) {
        var byte = 0
        while byte < bytes {
            var word: UInt64 = 0
            if byte + 8 <= bytes {
                word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at + byte, as: UInt64.self))
            } else {
                for k in 0..<(bytes - byte) { word |= UInt64(raw[at + byte + k]) << UInt64(8 * k) }
            }
            while word != 0 {
                body(byte * 8 + word.trailingZeroBitCount)
                word &= word - 1
            }
            byte += 8
        }
    }

    /// A stored 12-bit code, sign-extended; `nil` for 0 and −2,048, which no row stores.
    @inline(__always)
    static func code(_ bits: UInt32) -> Int16? {
        let value = Int16(bitPattern: UInt16(truncatingIfNeeded: bits << 4)) >> 4
        return value == 0 || value == -2_048 ? nil : value
    }
}
