/// Byte-level and dictionary mutations of seed inputs, in the manner of libFuzzer's: flip, insert, erase, duplicate,
/// splice, insert a token of the target's syntax, repeat a token many times (nesting and size bombs).
struct Mutator {
    /// Tokens of the target's syntax (`{% include "`, `../`, `*a`, `> ` …), inserted and repeated whole.
    let dictionary: [[UInt8]]
    /// The largest input produced, in bytes.
    let maxSize: Int

    /// A mutant of one of `seeds`: one to eight stacked mutations.
    func mutate(_ seeds: [[UInt8]], using random: inout FuzzRandom) -> [UInt8] {
        var input = seeds.randomElement(using: &random) ?? []
        for _ in 0..<Int.random(in: 1...8, using: &random) {
            mutateOnce(&input, seeds: seeds, using: &random)
            if input.count > maxSize { input.removeLast(input.count - maxSize) }
        }
        return input
    }

    private func mutateOnce(_ input: inout [UInt8], seeds: [[UInt8]], using random: inout FuzzRandom) {
        let position = input.isEmpty ? 0 : Int.random(in: 0...input.count, using: &random)
        switch Int.random(in: 0..<9, using: &random) {
        case 0 where !input.isEmpty:
            let index = Int.random(in: 0..<input.count, using: &random)
            input[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
        case 1:
            let bytes = (0..<random.length(upTo: 16)).map { _ in UInt8.random(in: 0...255, using: &random) }
            input.insert(contentsOf: bytes, at: position)
        case 2 where !input.isEmpty:
            let start = Int.random(in: 0..<input.count, using: &random)
            input.removeSubrange(start..<min(input.count, start + random.length(upTo: input.count)))
        case 3 where !input.isEmpty:
            let start = Int.random(in: 0..<input.count, using: &random)
            let slice = input[start..<min(input.count, start + random.length(upTo: 4096))]
            input.insert(contentsOf: slice, at: position)
        case 4:
            guard let other = seeds.randomElement(using: &random), !other.isEmpty else { return }
            let start = Int.random(in: 0..<other.count, using: &random)
            input.insert(contentsOf: other[start..<min(other.count, start + random.length(upTo: other.count))], at: position)
        case 5, 6:
            guard let token = dictionary.randomElement(using: &random) else { return }
            input.insert(contentsOf: token, at: position)
        case 7:
            guard let token = dictionary.randomElement(using: &random) else { return }
            let times = random.length(upTo: max(1, min(100_000, maxSize / max(1, token.count) / 4)))
            input.insert(contentsOf: Array([[UInt8]](repeating: token, count: times).joined()), at: position)
        default:
            // A printable ASCII byte: keeps text-shaped inputs text-shaped.
            input.insert(UInt8.random(in: 32...126, using: &random), at: position)
        }
    }
}
