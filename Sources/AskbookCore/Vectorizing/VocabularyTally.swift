/// Counts how many chunks each vocabulary word occurs in, over the chunks one `TextAnalyzer` reads for an import.
///
/// A word is numbered the first time it is seen, and a chunk counts it once by stamping it with the chunk's number:
/// a token then costs two array reads, where a set of the chunk's words and a dictionary of counts, both keyed by the
/// string, cost two string hashes per word.
struct VocabularyTally {
    private var numbers: [String: Int32] = [:]
    private var words: [String] = []
    private var counts: [UInt32] = []
    /// The chunk that last counted each word.
    private var stamps: [UInt32] = []
    /// The chunk being read, from 1 (stamps start at 0).
    private var chunk: UInt32 = 0

    /// Starts counting the next chunk's words.
    mutating func startChunk() { chunk &+= 1 }

    /// The number of `word`, given on first sight.
    mutating func number(of word: String) -> Int32 {
        if let number = numbers[word] { return number }
        let number = Int32(words.count)
        numbers[word] = number
        words.append(word)
        counts.append(0)
        stamps.append(0)
        return number
    }

    /// Counts word `number` (from `number(of:)`) for the current chunk, once however often it occurs.
    @inline(__always)
    mutating func count(_ number: Int32) {
        let i = Int(number)
        guard stamps[i] != chunk else { return }
        stamps[i] = chunk
        counts[i] += 1
    }

    /// The words counted since the last call, with the number of chunks each occurs in; the counts start over (the
    /// numbers stay, so an analyzer's remembered numbers remain valid).
    mutating func take() -> [String: UInt32] {
        var taken: [String: UInt32] = [:]
        for i in counts.indices where counts[i] > 0 {
            taken[words[i]] = counts[i]
            counts[i] = 0
        }
        return taken
    }
}
