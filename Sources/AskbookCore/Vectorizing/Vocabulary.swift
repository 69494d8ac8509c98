import Foundation

/// The surface words of one space revision — lower-cased, as `Tokenizer` splits them, whole identifiers included —
/// each with the number of chunks it occurs in (text or breadcrumb): what `SpellingCorrector` matches unknown query
/// words against.
///
/// Only words that correction can involve are kept: 3 to 32 letters of a cased script (Latin, Greek, Cyrillic, …),
/// no digits. A query word is corrected only when it has 4 or more letters, and a candidate within two edits of it has
/// at least 3, so every word a query could need checked is here. Lookups are indexed by length, with a letter mask
/// per word as a cheap filter before the edit distance.
///
/// ```swift
/// var counts: [String: UInt32] = [:]
/// Vocabulary.count(["Set up a custom domain"], into: &counts)
/// let vocabulary = Vocabulary(counts: counts)
/// vocabulary.documentCount(of: "domain")   // 1
/// ```
public struct Vocabulary: Sendable {
    /// The lengths of the words kept, in Unicode scalars.
    public static let lengths = 3...32

    /// The words, ordered by length, then by their scalars.
    public let words: [String]
    /// The number of chunks each of `words` occurs in (at least 1).
    public let documentCounts: [UInt32]
    private let lookup: [String: Int32]
    /// `lengthStarts[n]` is the index of the first word of `n` scalars (`words.count` when there is none longer).
    private let lengthStarts: [Int32]
    /// Every word's scalars, one after the other; word `i` is `scalars[offsets[i]..<offsets[i + 1]]`.
    private let scalars: [UInt32]
    private let offsets: [Int32]
    private let masks: [UInt64]

    /// A vocabulary with no word.
    public static let empty = Vocabulary(counts: [:])

    /// The vocabulary of `counts` (word → number of chunks); words that are not kept (see the type) are dropped.
    public init(counts: [String: UInt32]) {
        let entries =
            counts
            .compactMap { word, count -> Entry? in
                guard count > 0, Self.isWord(word) else { return nil }
                return Entry(scalars: word.unicodeScalars.map(\.value), word: word, count: count)
            }
            .sorted(by: Entry.precedes)
        self.init(ordered: entries)
    }

    /// A word with its scalars and count, as the initializers order them.
    private struct Entry {
        var scalars: [UInt32]
        var word: String
        var count: UInt32

        /// Shorter words first, then by scalars.
        static func precedes(_ a: Entry, _ b: Entry) -> Bool {
            a.scalars.count != b.scalars.count ? a.scalars.count < b.scalars.count : a.scalars.lexicographicallyPrecedes(b.scalars)
        }
    }

    /// The vocabulary of `entries`, kept words with counts above 0, strictly in `Entry.precedes` order.
    private init(ordered entries: [Entry]) {
        words = entries.map(\.word)
        documentCounts = entries.map(\.count)
        var lookup: [String: Int32] = [:]
        lookup.reserveCapacity(entries.count)
        var starts = [Int32](repeating: Int32(entries.count), count: Self.lengths.upperBound + 2)
        var scalars: [UInt32] = []
        var offsets: [Int32] = [0]
        var masks: [UInt64] = []
        masks.reserveCapacity(entries.count)
        for (i, entry) in entries.enumerated() {
            lookup[entry.word] = Int32(i)
            if i == 0 || entries[i - 1].scalars.count != entry.scalars.count {
                for n in 0...entry.scalars.count where starts[n] == Int32(entries.count) { starts[n] = Int32(i) }
            }
            scalars += entry.scalars
            offsets.append(Int32(scalars.count))
            masks.append(Self.mask(entry.scalars[...]))
        }
        self.lookup = lookup
        lengthStarts = starts
        self.scalars = scalars
        self.offsets = offsets
        self.masks = masks
    }

    /// The number of words.
    public var count: Int { words.count }

    /// The number of chunks `word` (lower-case) occurs in, or `nil` when it does not occur.
    public func documentCount(of word: String) -> UInt32? {
        lookup[word].map { documentCounts[Int($0)] }
    }

    /// The vocabulary of the revision that has this one's chunks less those whose words are counted in `removed` and
    /// plus those counted in `added` (as `count(_:into:)` counts them): the same as counting the new revision afresh.
    ///
    /// - Returns: `nil` when `removed` counts a word more often than this vocabulary does.
    public func updated(removing removed: [String: UInt32], adding added: [String: UInt32]) -> Vocabulary? {
        var counts = documentCounts
        for (word, count) in removed {
            guard let i = lookup[word].map(Int.init), counts[i] >= count else { return nil }
            counts[i] -= count
        }
        // Known words change their counts in place; new ones are ordered apart and merged in, so nothing is sorted
        // again but them.
        var fresh: [Entry] = []
        for (word, count) in added where count > 0 {
            if let i = lookup[word].map(Int.init) {
                let (sum, overflow) = counts[i].addingReportingOverflow(count)
                guard !overflow else { return nil }
                counts[i] = sum
            } else if Self.isWord(word) {
                fresh.append(Entry(scalars: word.unicodeScalars.map(\.value), word: word, count: count))
            }
        }
        fresh.sort(by: Entry.precedes)
        var entries: [Entry] = []
        entries.reserveCapacity(words.count + fresh.count)
        var next = 0
        for i in words.indices where counts[i] > 0 {
            let entry = Entry(scalars: Array(scalars[Int(offsets[i])..<Int(offsets[i + 1])]), word: words[i], count: counts[i])
            while next < fresh.count, Entry.precedes(fresh[next], entry) {
                entries.append(fresh[next])
                next += 1
            }
            entries.append(entry)
        }
        entries += fresh[next...]
        return Vocabulary(ordered: entries)
    }

    // MARK: Collecting

    /// Adds one chunk's words (each of `texts` tokenized, every distinct kept word once) to `counts`.
    public static func count(_ texts: [String], into counts: inout [String: UInt32], tokenizer: Tokenizer = Tokenizer()) {
        var seen: Set<String> = []
        for text in texts {
            for token in tokenizer.tokens(in: text) where isWord(token.text) && seen.insert(token.text).inserted {
                counts[token.text, default: 0] += 1
            }
        }
    }

    /// Whether `word` is one a vocabulary keeps: 3–32 letters of a cased script, no digits or connectors.
    public static func isWord(_ word: some StringProtocol) -> Bool {
        var length = 0
        for scalar in word.unicodeScalars {
            guard isCasedLetter(scalar) else { return false }
            length += 1
            if length > lengths.upperBound { return false }
        }
        return length >= lengths.lowerBound
    }

    /// A letter of a script with case (ASCII fast path): CJK, Arabic or Hebrew words are left to exact matching,
    /// since edits between their characters do not behave like letter typos.
    @inline(__always)
    static func isCasedLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 97 && v <= 122) || (v >= 65 && v <= 90)
        }
        return scalar.properties.isAlphabetic && scalar.properties.isCased
    }

    /// One bit per letter (a–z its own bit, other letters folded into the remaining 38): an edit changes at most one
    /// letter present on each side, so two words within `d` edits differ by at most `d` bits each way.
    @inline(__always)
    static func mask(_ scalars: ArraySlice<UInt32>) -> UInt64 {
        var mask: UInt64 = 0
        for v in scalars { mask |= 1 << UInt64(v >= 97 && v <= 122 ? v - 97 : 26 + v % 38) }
        return mask
    }

    // MARK: Candidates

    /// Calls `body` with the index, scalars and document count of every word of `length` scalars whose letter mask
    /// is within `distance` bits each way of `mask`.
    func forEachWord(length: Int, near mask: UInt64, distance: Int, _ body: (Int, ArraySlice<UInt32>, UInt32) -> Void) {
        guard Self.lengths.contains(length) else { return }
        let start = Int(lengthStarts[length])
        let end = Int(lengthStarts[length + 1])
        guard start < end else { return }
        for i in start..<end {
            let other = masks[i]
            guard (mask & ~other).nonzeroBitCount <= distance, (other & ~mask).nonzeroBitCount <= distance else { continue }
            body(i, scalars[Int(offsets[i])..<Int(offsets[i + 1])], documentCounts[i])
        }
    }

    // MARK: Storage

    /// The words and counts as UTF-8 lines `word<TAB>count`, ordered as `words`.
    public func serialized() -> Data {
        // Written as bytes, not by string interpolation: every import writes its vocabulary (~25k words at 10k chunks).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count + words.count * 8)
        var digits: [UInt8] = []
        for (word, count) in zip(words, documentCounts) {
            bytes.append(contentsOf: word.utf8)
            bytes.append(0x09)
            var rest = count
            digits.removeAll(keepingCapacity: true)
            repeat {
                digits.append(0x30 + UInt8(rest % 10))
                rest /= 10
            } while rest > 0
            bytes.append(contentsOf: digits.reversed())
            bytes.append(0x0A)
        }
        return Data(bytes)
    }

    /// The entries of `data` when it is exactly what `serialized()` writes (each line `word<TAB>count` of a kept word
    /// with a count above 0, in order, every line ending with a newline), read straight from the bytes; `nil` for
    /// anything else, which `init(serialized:)` then reads line by line. Every re-import reads its space's vocabulary,
    /// and splitting the text into lines and fields took most of that.
    private static func orderedEntries(_ data: Data) -> [Entry]? {
        data.withUnsafeBytes { raw -> [Entry]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var entries: [Entry] = []
            entries.reserveCapacity(bytes.count / 8)
            var start = 0
            while start < bytes.count {
                var tab = start
                while tab < bytes.count, bytes[tab] != 0x09, bytes[tab] != 0x0A { tab += 1 }
                guard tab > start, tab < bytes.count, bytes[tab] == 0x09 else { return nil }
                var end = tab + 1
                var count: UInt32 = 0
                while end < bytes.count, bytes[end] != 0x0A {
                    let digit = bytes[end] &- 0x30
                    guard digit < 10 else { return nil }
                    let (tens, overflow) = count.multipliedReportingOverflow(by: 10)
                    let (sum, carry) = tens.addingReportingOverflow(UInt32(digit))
                    guard !overflow, !carry else { return nil }
                    count = sum
                    end += 1
                }
                guard end > tab + 1, end < bytes.count, count > 0 else { return nil }
                let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<tab]), as: UTF8.self)
                guard isWord(word) else { return nil }
                let entry = Entry(scalars: word.unicodeScalars.map(\.value), word: word, count: count)
                if let last = entries.last, !Entry.precedes(last, entry) { return nil }
                entries.append(entry)
                start = end + 1
            }
            return entries
        }
    }

    /// Reads `serialized()`; `nil` when a line is malformed.
    ///
    /// Lines in order, as `serialized()` writes them, are taken as they are (every re-import reads its space's
    /// vocabulary, and sorting it again took most of that); lines out of order, repeated or holding words a
    /// vocabulary does not keep are counted afresh, as `init(counts:)` counts them.
    public init?(serialized data: Data) {
        if let entries = Self.orderedEntries(data) {
            self.init(ordered: entries)
            return
        }
        var entries: [Entry] = []
        var ordered = true
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t")
            guard fields.count == 2, let count = UInt32(fields[1]) else { return nil }
            let word = String(fields[0])
            let entry = Entry(scalars: word.unicodeScalars.map(\.value), word: word, count: count)
            if ordered {
                ordered = count > 0 && Self.isWord(word) && (entries.last.map { Entry.precedes($0, entry) } ?? true)
            }
            entries.append(entry)
        }
        if ordered {
            self.init(ordered: entries)
        } else {
            // The last count of a repeated word, as a dictionary built line by line keeps it.
            self.init(counts: Dictionary(entries.map { ($0.word, $0.count) }, uniquingKeysWith: { _, last in last }))
        }
    }
}
