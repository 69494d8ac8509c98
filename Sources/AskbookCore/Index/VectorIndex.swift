import CBLAS
import Dispatch
import Foundation

/// The chunk vectors, held as 12-bit codes grouped by bucket: for each bucket, the rows where it is non-zero with
/// their codes (`QuantizedRows` says how a vector becomes codes), in blocks of at most 65,536 rows so that a row is a
/// 16-bit offset. An entry takes 4 bytes (offset and a 16-bit code); a chunk vector (~800 non-zero buckets of 4,096)
/// about 3.2 KB, against 16 KB as dense Float32.
///
/// A query has only tens to hundreds of non-zero buckets, so scoring reads just those buckets' lists and adds
/// `weight × code` into a block's scores (256 KiB, in cache), then scales each row: a cost that follows the query
/// and the lists' lengths, not `D`. A batch of queries expands the blocks, a tile of rows at a time, into Float32
/// and uses `cblas_sgemm`, the expansion shared by the batch.
///
/// Immutable and `Sendable`: a new revision builds a new index, which is swapped in whole.
public struct VectorIndex: Sendable {
    /// Rows per block: offsets within a block are 16-bit.
    static let blockRows = 1 << 16
    /// Rows a dense pass expands at once: 256 rows of 4,096 Float32 buckets (4 MiB) stay in cache for BLAS.
    static let tileRows = 256

    /// One block of rows, bucket by bucket.
    struct Block: Sendable {
        let rows: Range<Int>
        let scales: [Float]
        /// Bucket `b`'s entries are `starts[b] ..< starts[b + 1]` of `offsets` and `codes`, by ascending row.
        let starts: [Int]
        /// Each entry's row, less `rows.lowerBound`.
        let offsets: [UInt16]
        let codes: [Int16]

        /// Rows `range` (indices into `source`) regrouped by bucket: a count per bucket, then each row's entries
        /// placed in row order, so every bucket's list is sorted by row.
        init(_ source: QuantizedRows, range: Range<Int>, firstRow: Int) {
            let dimension = source.dimension
            let entries = source.starts[range.lowerBound]..<source.starts[range.upperBound]
            var starts = [Int](repeating: 0, count: dimension + 1)
            var offsets = [UInt16](repeating: 0, count: entries.count)
            var codes = [Int16](repeating: 0, count: entries.count)
            starts.withUnsafeMutableBufferPointer { starts in
                source.buckets.withUnsafeBufferPointer { buckets in
                    for i in entries { starts[Int(buckets[i]) + 1] += 1 }
                    for b in 0..<dimension { starts[b + 1] += starts[b] }
                    var cursor = Array(starts.dropLast())
                    cursor.withUnsafeMutableBufferPointer { cursor in
                        offsets.withUnsafeMutableBufferPointer { offsets in
                            codes.withUnsafeMutableBufferPointer { codes in
                                source.codes.withUnsafeBufferPointer { sourceCodes in
                                    source.starts.withUnsafeBufferPointer { rowStarts in
                                        for r in range {
                                            let offset = UInt16(r - range.lowerBound)
                                            for i in rowStarts[r]..<rowStarts[r + 1] {
                                                let b = Int(buckets[i])
                                                let at = cursor[b]
                                                offsets[at] = offset
                                                codes[at] = sourceCodes[i]
                                                cursor[b] = at + 1
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            self.rows = firstRow..<(firstRow + range.count)
            self.scales = Array(source.scales[range])
            self.starts = starts
            self.offsets = offsets
            self.codes = codes
        }

        private init(rows: Range<Int>, scales: [Float], starts: [Int], offsets: [UInt16], codes: [Int16]) {
            self.rows = rows
            self.scales = scales
            self.starts = starts
            self.offsets = offsets
            self.codes = codes
        }

        /// The same block placed at `firstRow` of an index (the arrays are shared, not copied).
        func placed(at firstRow: Int) -> Block {
            Block(rows: firstRow..<(firstRow + rows.count), scales: scales, starts: starts, offsets: offsets, codes: codes)
        }

        /// At most 65,536 rows straight from the bytes `QuantizedRows.serialized(rows:)` writes, as rows `0..<rows`,
        /// without the row-major arrays `QuantizedRows` would hold first: a pass counts each bucket's entries from
        /// the bitmaps and checks the layout, a second places each code in its bucket's list. `nil` when the bytes
        /// are not exactly `rows` well-formed rows (the checks of `QuantizedRows(serialized:rows:dimension:)`).
        init?(serialized raw: UnsafeRawBufferPointer, rows: Int, dimension: Int) {
            guard (0...VectorIndex.blockRows).contains(rows), (1...QuantizedRows.maxDimension).contains(dimension) else { return nil }
            let bitmapBytes = (dimension + 7) / 8
            let spare = UInt8(truncatingIfNeeded: 0xFF << (dimension % 8))  // bits of the last byte past the dimension
            var scales = [Float](repeating: 0, count: rows)
            var starts = [Int](repeating: 0, count: dimension + 1)
            func forEachBucket(bitmap at: Int, _ body: (Int) -> Void) {
                QuantizedRows.forEachStoredBucket(raw, bitmap: at, bytes: bitmapBytes, body)
            }
            // Pass 1: the layout, the scales and each bucket's count (in `starts[b + 1]`).
            var at = 0
            var total = 0
            let counted = starts.withUnsafeMutableBufferPointer { counts -> Bool in
                for r in 0..<rows {
                    guard at + 4 + bitmapBytes <= raw.count else { return false }
                    let scale = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
                    guard scale.isFinite, scale >= 0 else { return false }
                    if dimension % 8 != 0, raw[at + 4 + bitmapBytes - 1] & spare != 0 { return false }
                    scales[r] = scale
                    var entries = 0
                    forEachBucket(bitmap: at + 4) { b in
                        counts[b + 1] += 1
                        entries += 1
                    }
                    at += 4 + bitmapBytes + (entries * 3 + 1) / 2
                    guard at <= raw.count else { return false }
                    total += entries
                }
                return at == raw.count
            }
            guard counted else { return nil }
            for b in 0..<dimension { starts[b + 1] += starts[b] }
            // Pass 2: each code into its bucket's list, rows in order so that every list is sorted by row.
            var valid = true
            var offsets = [UInt16](unsafeUninitializedCapacity: total) { _, count in count = total }
            var codes = [Int16](unsafeUninitializedCapacity: total) { _, count in count = total }
            var cursor = Array(starts.dropLast())
            offsets.withUnsafeMutableBufferPointer { offsets in
                codes.withUnsafeMutableBufferPointer { codes in
                    cursor.withUnsafeMutableBufferPointer { cursor in
                        var at = 0
                        for r in 0..<rows where valid {
                            let bitmap = at + 4
                            var next = bitmap + bitmapBytes  // the row's packed codes
                            var pending: UInt32 = 0  // the second code of the last three bytes read
                            var half = false
                            let offset = UInt16(r)
                            let entries = QuantizedRows.storedEntries(raw, bitmap: bitmap, bytes: bitmapBytes)
                            var read = 0
                            forEachBucket(bitmap: bitmap) { b in
                                guard valid else { return }
                                var bits: UInt32
                                if half {
                                    bits = pending
                                } else if read + 1 < entries {
                                    let pair = UInt32(raw[next]) | UInt32(raw[next + 1]) << 8 | UInt32(raw[next + 2]) << 16
                                    next += 3
                                    bits = pair & 0xFFF
                                    pending = pair >> 12
                                } else {
                                    bits = UInt32(raw[next]) | UInt32(raw[next + 1]) << 8
                                    next += 2
                                    guard bits >> 12 == 0 else {
                                        valid = false
                                        return
                                    }
                                }
                                half.toggle()
                                read += 1
                                guard let code = QuantizedRows.code(bits) else {
                                    valid = false
                                    return
                                }
                                let place = cursor[b]
                                offsets[place] = offset
                                codes[place] = code
                                cursor[b] = place + 1
                            }
                            at = next
                        }
                    }
                }
            }
            guard valid else { return nil }
            self.init(rows: 0..<rows, scales: scales, starts: starts, offsets: offsets, codes: codes)
        }

        /// The rows of `range` in this block; `nil` when none are.
        func overlap(_ range: Range<Int>) -> Range<Int>? {
            let lower = max(range.lowerBound, rows.lowerBound)
            let upper = min(range.upperBound, rows.upperBound)
            return lower < upper ? lower..<upper : nil
        }

        /// The entries of bucket `b` whose rows are in `local` (offsets within the block), by binary search.
        func entries(bucket b: Int, local: Range<Int>) -> Range<Int> {
            var lower = starts[b]
            var upper = starts[b + 1]
            if local.lowerBound > 0 { lower = firstEntry(atLeast: local.lowerBound, in: lower..<upper) }
            if local.upperBound < rows.count { upper = firstEntry(atLeast: local.upperBound, in: lower..<upper) }
            return lower..<upper
        }

        private func firstEntry(atLeast offset: Int, in range: Range<Int>) -> Int {
            var low = range.lowerBound
            var high = range.upperBound
            while low < high {
                let mid = (low + high) / 2
                if Int(offsets[mid]) < offset { low = mid + 1 } else { high = mid }
            }
            return low
        }

        /// Calls `body` with rows `local` (offsets within the block), `tileRows` at a time, each tile expanded into a
        /// dense bucket-major Float32 matrix (`dimension × width`, row `r` of bucket `b` at `b * width + r`). Each
        /// bucket's list is walked once over all the tiles; only the entries written are cleared between tiles.
        func forEachTile(
            local: Range<Int>,
            tileRows: Int,
            _ body: (_ tile: Range<Int>, _ matrix: UnsafeBufferPointer<Float>) -> Void
        ) {
            let dimension = starts.count - 1
            var next = [Int](repeating: 0, count: dimension)
            var ends = [Int](repeating: 0, count: dimension)
            var first = [Int](repeating: 0, count: dimension)
            for b in 0..<dimension {
                let range = entries(bucket: b, local: local)
                (next[b], ends[b]) = (range.lowerBound, range.upperBound)
            }
            withUnsafeTemporaryAllocation(of: Float.self, capacity: dimension * tileRows) { buffer in
                buffer.initialize(repeating: 0)
                next.withUnsafeMutableBufferPointer { next in
                    first.withUnsafeMutableBufferPointer { first in
                        offsets.withUnsafeBufferPointer { offsets in
                            codes.withUnsafeBufferPointer { codes in
                                scales.withUnsafeBufferPointer { scales in
                                    for lower in stride(from: local.lowerBound, to: local.upperBound, by: tileRows) {
                                        let upper = min(local.upperBound, lower + tileRows)
                                        let width = upper - lower
                                        for b in 0..<dimension {
                                            first[b] = next[b]
                                            var i = next[b]
                                            while i < ends[b], Int(offsets[i]) < upper {
                                                let offset = Int(offsets[i])
                                                buffer[b * width + offset - lower] = scales[offset] * Float(codes[i])
                                                i += 1
                                            }
                                            next[b] = i
                                        }
                                        body(lower..<upper, UnsafeBufferPointer(rebasing: buffer[0..<(dimension * width)]))
                                        for b in 0..<dimension {
                                            for i in first[b]..<next[b] { buffer[b * width + Int(offsets[i]) - lower] = 0 }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        var byteCount: Int {
            scales.count * MemoryLayout<Float>.size + starts.count * MemoryLayout<Int>.size + offsets.count * 2 + codes.count * 2
        }
    }

    /// Vector dimension `D`.
    public let dimension: Int
    /// Number of rows (chunks) over all blocks.
    public let rowCount: Int
    private let blocks: [Block]

    /// Consecutive rows already grouped by bucket, not yet placed in an index: a snapshot load builds one per stored
    /// run of a space's vectors, on every core, straight from the stored bytes.
    public struct Part: Sendable {
        /// The blocks, numbering the part's rows from 0.
        fileprivate let blocks: [Block]
        public let dimension: Int
        /// Number of rows.
        public let count: Int

        /// The rows of `rows`, in blocks of at most 65,536 rows.
        public init(_ rows: QuantizedRows) {
            self.init(blocks: Self.ranges(count: rows.count).map { Block(rows, range: $0, firstRow: $0.lowerBound) }, dimension: rows.dimension)
        }

        /// `rows` rows read from bytes written by `QuantizedRows.serialized(rows:)`; `nil` when the bytes do not hold
        /// exactly `rows` well-formed rows (a damaged store). Up to 65,536 rows go straight into one block.
        public init?(serialized data: Data, rows: Int, dimension: Int) {
            guard rows > VectorIndex.blockRows else {
                guard let block = data.withUnsafeBytes({ Block(serialized: $0, rows: rows, dimension: dimension) }) else { return nil }
                self.init(blocks: [block], dimension: dimension)
                return
            }
            guard let decoded = QuantizedRows(serialized: data, rows: rows, dimension: dimension) else { return nil }
            self.init(decoded)
        }

        fileprivate init(blocks: [Block], dimension: Int) {
            self.blocks = blocks
            self.dimension = dimension
            self.count = blocks.reduce(0) { $0 + $1.rows.count }
        }

        /// `0..<count` in ranges of at most a block's rows.
        static func ranges(count: Int) -> [Range<Int>] {
            stride(from: 0, to: count, by: blockRows).map { $0..<min(count, $0 + blockRows) }
        }
    }

    /// An index over parts, one after the other (parts per space revision).
    public init(dimension: Int, parts: [Part]) {
        precondition(dimension > 0, "dimension must be positive")
        var blocks: [Block] = []
        var start = 0
        for part in parts {
            precondition(part.dimension == dimension, "every part must have the index's dimension")
            for block in part.blocks { blocks.append(block.placed(at: start + block.rows.lowerBound)) }
            start += part.count
        }
        self.dimension = dimension
        self.rowCount = start
        self.blocks = blocks
    }

    /// An index over quantized rows, one part after the other (a part per space revision). Parts of more than 65,536
    /// rows are split; the blocks are built on every core.
    public init(dimension: Int, parts: [QuantizedRows]) {
        precondition(parts.allSatisfy { $0.dimension == dimension }, "every part must have the index's dimension")
        self.init(dimension: dimension, parts: Self.parts(parts))
    }

    /// `rows` as parts, their blocks built on every core.
    public static func parts(_ rows: [QuantizedRows]) -> [Part] {
        let pieces = rows.indices.flatMap { p in Part.ranges(count: rows[p].count).map { (part: p, range: $0) } }
        var built = [Block?](repeating: nil, count: pieces.count)
        built.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer  // each iteration writes only its own index
            DispatchQueue.concurrentPerform(iterations: pieces.count) { i in
                out[i] = Block(rows[pieces[i].part], range: pieces[i].range, firstRow: pieces[i].range.lowerBound)
            }
        }
        let blocks = built.map { $0! }
        return rows.indices.map { p in
            Part(blocks: zip(pieces, blocks).filter { $0.0.part == p }.map(\.1), dimension: rows[p].dimension)
        }
    }

    /// An index over bucket-major Float blocks (`dimension × rows` each), quantized.
    public init(dimension: Int, blocks bucketMajor: [[Float]]) {
        self.init(dimension: dimension, parts: bucketMajor.map { QuantizedRows(bucketMajor: $0, dimension: dimension) })
    }

    /// An index over row-major vectors (`rows × dimension`), quantized.
    public init(dimension: Int, matrix rowMajor: [Float]) {
        self.init(dimension: dimension, parts: [QuantizedRows(rowMajor: rowMajor, dimension: dimension)])
    }

    /// `rowMajor` (`rows × dimension`) transposed into the bucket-major layout.
    public static func bucketMajor(rowMajor: [Float], dimension: Int) -> [Float] {
        precondition(dimension > 0 && rowMajor.count % dimension == 0, "matrix size must be a multiple of the dimension")
        let rows = rowMajor.count / dimension
        return [Float](unsafeUninitializedCapacity: rowMajor.count) { out, count in
            rowMajor.withUnsafeBufferPointer { input in
                for r in 0..<rows {
                    for b in 0..<dimension { out[b * rows + r] = input[r * dimension + b] }
                }
            }
            count = rowMajor.count
        }
    }

    /// Dot products of a dense `query` (length `dimension`) with the rows in `rows`, written to `scores`.
    ///
    /// Reads the lists of the query's non-zero buckets only, whatever their number: even a query with every bucket
    /// reads each entry once, less than expanding the rows. With `dense` (`askbook bench` times the full product
    /// that way) it expands tiles of rows for `cblas_sgemv` instead.
    public func scores(
        query: UnsafeBufferPointer<Float>,
        rows: Range<Int>,
        into scores: UnsafeMutableBufferPointer<Float>,
        dense: Bool = false
    ) {
        precondition(query.count == dimension && scores.count == rows.count && rows.upperBound <= rowCount)
        guard !rows.isEmpty else { return }
        if dense {
            denseProduct(queries: query, batch: 1, rows: rows, into: scores)
            return
        }
        var nonZero = 0
        for value in query where value != 0 { nonZero += 1 }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: nonZero) { buckets in
            var count = 0
            for b in 0..<dimension where query[b] != 0 {
                buckets[count] = b
                count += 1
            }
            for block in blocks {
                guard let global = block.overlap(rows) else { continue }
                let local = (global.lowerBound - block.rows.lowerBound)..<(global.upperBound - block.rows.lowerBound)
                // `out[o - local.lowerBound]` is the score of the block's row offset `o`.
                let out = scores.baseAddress! + (global.lowerBound - rows.lowerBound) - local.lowerBound
                UnsafeMutableBufferPointer(rebasing: scores[(global.lowerBound - rows.lowerBound)..<(global.upperBound - rows.lowerBound)])
                    .update(repeating: 0)
                block.offsets.withUnsafeBufferPointer { offsets in
                    block.codes.withUnsafeBufferPointer { codes in
                        // A block of all-zero rows has no entries (and an empty buffer may have no address).
                        guard let offsets = offsets.baseAddress, let codes = codes.baseAddress else { return }
                        for k in 0..<count {
                            let b = buckets[k]
                            Self.scatter(weight: query[b], entries: block.entries(bucket: b, local: local), offsets: offsets, codes: codes, into: out)
                        }
                    }
                }
                block.scales.withUnsafeBufferPointer { scales in
                    for o in local { out[o] *= scales[o] }
                }
            }
        }
    }

    /// `out[offsets[i]] += weight × codes[i]` over `entries`, four at a time with every load before the first store:
    /// a list's offsets are distinct, so the four updates are independent and overlap in the pipeline.
    /// Hand-written: BLAS has no scatter-add over chosen rows.
    @inline(__always)
    static func scatter(
        weight: Float,
        entries: Range<Int>,
        offsets: UnsafePointer<UInt16>,
        codes: UnsafePointer<Int16>,
        into out: UnsafeMutablePointer<Float>
    ) {
        var i = entries.lowerBound
        let end = entries.upperBound
        while i + 4 <= end {
            let (o0, o1, o2, o3) = (Int(offsets[i]), Int(offsets[i + 1]), Int(offsets[i + 2]), Int(offsets[i + 3]))
            let (c0, c1, c2, c3) = (Float(codes[i]), Float(codes[i + 1]), Float(codes[i + 2]), Float(codes[i + 3]))
            let (s0, s1, s2, s3) = (out[o0], out[o1], out[o2], out[o3])
            out[o0] = s0 + weight * c0
            out[o1] = s1 + weight * c1
            out[o2] = s2 + weight * c2
            out[o3] = s3 + weight * c3
            i += 4
        }
        while i < end {
            out[Int(offsets[i])] += weight * Float(codes[i])
            i += 1
        }
    }

    /// Dot products of `query` with the rows in `rows`.
    public func scores(query: [Float], rows: Range<Int>) -> [Float] {
        var out = [Float](repeating: 0, count: rows.count)
        query.withUnsafeBufferPointer { q in out.withUnsafeMutableBufferPointer { scores(query: q, rows: rows, into: $0) } }
        return out
    }

    /// Dot products of a batch of queries (row-major, `batch × dimension`) with the rows in `rows`, as a row-major
    /// `batch × rows.count` matrix: one `cblas_sgemm` per expanded tile of rows.
    public func scores(queries: [Float], batch: Int, rows: Range<Int>) -> [Float] {
        precondition(queries.count == batch * dimension && rows.upperBound <= rowCount)
        var out = [Float](repeating: 0, count: batch * rows.count)
        guard batch > 0, !rows.isEmpty else { return out }
        queries.withUnsafeBufferPointer { q in
            out.withUnsafeMutableBufferPointer { denseProduct(queries: q, batch: batch, rows: rows, into: $0) }
        }
        return out
    }

    /// `out` (row-major `batch × rows.count`) = queries × the rows' vectors, tile by tile: each tile of rows expanded
    /// to Float32, then one BLAS call (`sgemv` for one query, `sgemm` for several).
    private func denseProduct(queries: UnsafeBufferPointer<Float>, batch: Int, rows: Range<Int>, into out: UnsafeMutableBufferPointer<Float>) {
        for block in blocks {
            guard let global = block.overlap(rows) else { continue }
            let base = block.rows.lowerBound
            block.forEachTile(local: (global.lowerBound - base)..<(global.upperBound - base), tileRows: Self.tileRows) { tile, matrix in
                let width = tile.count
                let column = tile.lowerBound + base - rows.lowerBound
                if batch == 1 {
                    cblas_sgemv(
                        CblasRowMajor,
                        CblasTrans,
                        Int32(dimension),
                        Int32(width),
                        1,
                        matrix.baseAddress,
                        Int32(width),
                        queries.baseAddress,
                        1,
                        0,
                        out.baseAddress! + column,
                        1
                    )
                } else {
                    cblas_sgemm(
                        CblasRowMajor,
                        CblasNoTrans,
                        CblasNoTrans,
                        Int32(batch),
                        Int32(width),
                        Int32(dimension),
                        1,
                        queries.baseAddress,
                        Int32(dimension),
                        matrix.baseAddress,
                        Int32(width),
                        0,
                        out.baseAddress! + column,
                        Int32(rows.count)
                    )
                }
            }
        }
    }

    /// Row `i` as a dense vector (scale × code; zeros elsewhere), gathered from the bucket lists.
    public func row(_ i: Int) -> [Float] {
        precondition((0..<rowCount).contains(i))
        var out = [Float](repeating: 0, count: dimension)
        for block in blocks where block.rows.contains(i) {
            let offset = i - block.rows.lowerBound
            for b in 0..<dimension {
                for entry in block.entries(bucket: b, local: offset..<(offset + 1)) {
                    out[b] = block.scales[offset] * Float(block.codes[entry])
                }
            }
        }
        return out
    }

    /// Calls `body` with each block's rows and its entries (row offsets and codes, bucket by bucket), in row order:
    /// read-only access for code that reads the index whole (the bench's streaming read).
    public func forEachBlock(
        _ body: (_ rows: Range<Int>, _ offsets: UnsafeBufferPointer<UInt16>, _ codes: UnsafeBufferPointer<Int16>) throws -> Void
    ) rethrows {
        for block in blocks {
            try block.offsets.withUnsafeBufferPointer { offsets in
                try block.codes.withUnsafeBufferPointer { try body(block.rows, offsets, $0) }
            }
        }
    }

    /// Number of non-zero entries over all rows.
    public var entryCount: Int { blocks.reduce(0) { $0 + $1.codes.count } }

    /// Bytes of vector data held.
    public var byteCount: Int { blocks.reduce(0) { $0 + $1.byteCount } }
}
