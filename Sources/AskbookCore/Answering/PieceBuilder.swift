/// One piece of an answer: a scored unit with what must come with it — the block a sentence introduces ("To install
/// the CLI, run:" and its command), or the sentence that introduces a code block chosen for itself — in reading order.
struct AnswerPiece {
    /// The unit chosen for its score.
    var candidate: AnswerCandidate
    /// The piece's blocks in reading order, the candidate's own text among them; code cut to size.
    var units: [Block]
    /// Whether a code block was cut.
    var shortened: Bool

    /// Characters of text in the piece.
    var characters: Int { units.reduce(0) { $0 + $1.text.count } }
}

/// Builds answer pieces: keeps a sentence that introduces a block together with that block (also when the block
/// starts the section's next chunk), gives a code block its introducing sentence, follows a step with the next steps
/// for "how do I" questions, and cuts long code at a line boundary.
struct PieceBuilder {
    var cue: AnswerCue
    /// Code longer than this many lines is cut.
    var maxCodeLines: Int
    /// Code longer than this many characters is cut.
    var maxCodeCharacters: Int
    /// At most this many list items or table rows come after an introducing sentence.
    var maxItems: Int
    /// Items stop once the piece passes this many characters.
    var maxItemCharacters: Int
    /// A sentence and the next one of its paragraph are quoted together when they fit in this many characters.
    var neighbourCharacters: Int
    let snapshot: IndexSnapshot

    private static let introEndings = ["the following", "as follows", "for example", "like this", "e.g.", "below", "following command"]
    /// Phrases by which a sentence anywhere points at the block after it ("The example below shows how to …").
    private static let introPhrases = ["example below", "command below", "code below", "snippet below", "the following", "as shown below"]
    private let splitter = SentenceSplitter()

    /// Whether `text` introduces the block after it: it ends with a colon, or says "the following", "for example", ….
    static func introduces(_ text: String) -> Bool {
        let trimmed = text.trimmingWhitespace().lowercased()
        if trimmed.hasSuffix(":") { return true }
        let bare = String(trimmed.reversed().drop { $0 == "." || $0 == "!" }.reversed())
        return introEndings.contains { bare.hasSuffix($0) } || introPhrases.contains { bare.contains($0) }
    }

    /// The piece of `candidate`; for the lead, `context` characters of the sentences around a quoted sentence come
    /// with it (see `context(of:budget:)`).
    func piece(for candidate: AnswerCandidate, context: Int = 0) -> AnswerPiece {
        var units = [Block(candidate.kind, candidate.text)]
        var shortened = false
        let following = followingBlocks(of: candidate)
        if candidate.kind == .code {
            let (code, cut) = cutCode(candidate.text)
            units = [Block(.code, code)]
            shortened = cut
            if let intro = introduction(before: candidate) { units.insert(Block(.paragraph, intro), at: 0) }
        } else if candidate.endsBlock, Self.introduces(candidate.text), let next = following.first {
            switch next.kind {
            case .code:
                let (code, cut) = cutCode(next.text)
                units.append(Block(.code, code))
                shortened = cut
            case .listItem, .tableRow, .link:
                units += items(following, kind: next.kind, budget: maxItemCharacters)
            default: break
            }
        } else if candidate.answersQuestion, candidate.endsBlock, let next = following.first, next.kind == .listItem || next.kind == .tableRow {
            // An FAQ answer ("Yes, with a discount:" or not) goes on in the list after it.
            units += items(following, kind: next.kind, budget: maxItemCharacters)
        } else if cue.wantsCode, candidate.endsBlock, let code = codeAfter(following) {
            // For "how do I" and code questions the command right after the lead is part of the answer, whether or
            // not a sentence of its own introduces it.
            units += code.intro.map { [Block(.paragraph, $0)] } ?? []
            let (text, cut) = cutCode(code.block.text)
            units.append(Block(.code, text))
            shortened = cut
        } else if candidate.kind == .listItem, cue.kind == .procedure {
            // A step of a procedure: the steps before it (with the sentence that introduces them) and after it come
            // too, as far as the budget goes; a later step quoted alone leaves out how the procedure starts.
            let earlier = earlierSteps(of: candidate, budget: maxItemCharacters / 2)
            units = earlier + units + items(following, kind: .listItem, budget: maxItemCharacters / 2)
        }
        if units.count == 1, candidate.kind == .paragraph || candidate.kind == .quote {
            if context > 0 {
                let around = self.context(of: candidate, budget: context)
                units = around.before.map { Block(.paragraph, $0) } + units + around.after.map { Block(.paragraph, $0) }
            } else if let neighbour = fittingNeighbour(of: candidate) {
                units.insert(Block(candidate.kind, neighbour.text), at: neighbour.before ? 0 : 1)
            }
        }
        return AnswerPiece(candidate: candidate, units: units, shortened: shortened)
    }

    /// The sentences around a quoted sentence, within `budget` characters with it: the next one, then the one before,
    /// and so on, across paragraphs and into the section's chunk before or after (a long paragraph is split between
    /// chunks), but not past a list, table, code block or label (a fact is often stated in the sentence before or
    /// after the one that matches the question best).
    private func context(of candidate: AnswerCandidate, budget: Int) -> (before: [String], after: [String]) {
        let previousChunk = sectionChunk(beside: candidate.hit, offset: -1)?.blocks ?? []
        let blocks = previousChunk + candidate.blocks + (sectionChunk(beside: candidate.hit, offset: 1)?.blocks ?? [])
        // Template directives are passed over; a documented question ends the context (it starts another entry).
        func sentences(ofBlock index: Int) -> [String]? {
            guard blocks.indices.contains(index) else { return nil }
            let block = blocks[index]
            guard block.kind == .paragraph || block.kind == .quote else { return nil }
            return splitter.sentences(of: block.text).filter { !CandidateScorer.isTemplate($0) }
        }
        let ownBlock = previousChunk.count + candidate.block
        guard let own = sentences(ofBlock: ownBlock), let index = own.firstIndex(of: candidate.text) else { return ([], []) }
        var after = Array(own[(index + 1)...])
        var nextBlock = ownBlock + 1
        var before = Array(own[..<index])
        var previousBlock = ownBlock - 1
        var size = candidate.text.count
        var chosen: (before: [String], after: [String]) = ([], [])
        var open = (before: true, after: true)
        while open.before || open.after {
            if open.after {
                while after.isEmpty, let more = sentences(ofBlock: nextBlock) {
                    after = more
                    nextBlock += 1
                }
                if let next = after.first, size + next.count <= budget, !Self.introduces(next), !CandidateScorer.isQuestion(next) {
                    chosen.after.append(next)
                    after.removeFirst()
                    size += next.count
                } else {
                    open.after = false
                }
            }
            if open.before {
                while before.isEmpty, let more = sentences(ofBlock: previousBlock) {
                    before = more
                    previousBlock -= 1
                }
                if let previous = before.last, size + previous.count <= budget, !CandidateScorer.isQuestion(previous) {
                    chosen.before.insert(previous, at: 0)
                    before.removeLast()
                    size += previous.count
                } else {
                    open.before = false
                }
            }
        }
        return chosen
    }

    /// A code block right after the lead, or after one sentence that introduces it.
    private func codeAfter(_ blocks: [Block]) -> (intro: String?, block: Block)? {
        guard let first = blocks.first else { return nil }
        if first.kind == .code { return (nil, first) }
        guard first.kind == .paragraph, blocks.count > 1, blocks[1].kind == .code, let last = splitter.sentences(of: first.text).last,
            Self.introduces(last)
        else { return nil }
        return (last, blocks[1])
    }

    /// The sentence next to a quoted sentence, in the same paragraph: the next one when both are short and the quoted
    /// one already fits the cue (or there is no cue); otherwise one that has the shape of the answer asked for when the
    /// quoted one has not ("The API is rate limited by key." + "New accounts are limited to 200 requests per minute.").
    private func fittingNeighbour(of candidate: AnswerCandidate) -> (text: String, before: Bool)? {
        let sentences = splitter.sentences(of: candidate.blocks[candidate.block].text)
        guard let index = sentences.firstIndex(of: candidate.text) else { return nil }
        if index + 1 < sentences.count, candidate.text.count + sentences[index + 1].count <= neighbourCharacters,
            cue.kind == .other || candidate.fit >= 1
        {
            return (sentences[index + 1], false)
        }
        guard cue.kind != .other, candidate.fit < 1 else { return nil }
        if index + 1 < sentences.count, cue.fit(sentences[index + 1], kind: .paragraph) >= 1 { return (sentences[index + 1], false) }
        if index > 0, cue.fit(sentences[index - 1], kind: .paragraph) >= 1, !Self.introduces(sentences[index - 1]) {
            return (sentences[index - 1], true)
        }
        return nil
    }

    /// The run of `kind` blocks at the start of `blocks`, within `maxItems` and `budget` characters.
    private func items(_ blocks: [Block], kind: Block.Kind, budget: Int) -> [Block] {
        var out: [Block] = []
        var size = 0
        for block in blocks {
            guard block.kind == kind, out.count < maxItems, size + block.text.count <= budget || out.isEmpty else { break }
            out.append(block)
            size += block.text.count
        }
        return out
    }

    /// The blocks after the candidate's block: the rest of its chunk, then the section's next chunk.
    private func followingBlocks(of candidate: AnswerCandidate) -> [Block] {
        // Labels are passed over: a tab's or code block's title sits between a sentence and the code it introduces.
        var blocks = candidate.blocks.dropFirst(candidate.block + 1).filter { $0.kind != .label }
        if blocks.count < maxItems, let next = sectionChunk(beside: candidate.hit, offset: 1) {
            blocks += next.blocks.filter { $0.kind != .label }
        }
        return blocks
    }

    /// The chunk `offset` rows from `hit`'s when it belongs to the same section (a section's chunks are consecutive
    /// rows).
    private func sectionChunk(beside hit: RetrievalHit, offset: Int) -> IndexedChunk? {
        let row = hit.row + offset
        guard snapshot.chunks.indices.contains(row) else { return nil }
        let chunk = snapshot.chunks[row]
        return chunk.spaceID == hit.chunk.spaceID && chunk.pageID == hit.chunk.pageID && chunk.sectionID == hit.chunk.sectionID ? chunk : nil
    }

    /// The list items before a list item candidate in its chunk, from the start of its list, and the sentence that
    /// introduces the list; none when they pass `budget` characters or `maxItems` items.
    private func earlierSteps(of candidate: AnswerCandidate, budget: Int) -> [Block] {
        var start = candidate.block
        while start > 0, candidate.blocks[start - 1].kind == .listItem { start -= 1 }
        let steps = Array(candidate.blocks[start..<candidate.block])
        guard !steps.isEmpty, steps.count < maxItems, steps.reduce(0, { $0 + $1.text.count }) <= budget else { return [] }
        guard start > 0 else { return steps }
        let previous = candidate.blocks[start - 1]
        guard previous.kind == .paragraph, let last = splitter.sentences(of: previous.text).last, Self.introduces(last) else { return steps }
        return [Block(.paragraph, last)] + steps
    }

    /// The last sentence of the block before a code candidate, when it introduces the code.
    private func introduction(before candidate: AnswerCandidate) -> String? {
        guard candidate.block > 0 else { return nil }
        let previous = candidate.blocks[candidate.block - 1]
        guard previous.kind == .paragraph || previous.kind == .quote, let last = splitter.sentences(of: previous.text).last else { return nil }
        return Self.introduces(last) ? last : nil
    }

    /// `code` cut after `maxCodeLines` lines or `maxCodeCharacters` characters, at a line end when one is in reach.
    func cutCode(_ code: String) -> (String, Bool) {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        var kept: [Substring] = []
        var size = 0
        for line in lines {
            if kept.count == maxCodeLines || (size + line.count > maxCodeCharacters && !kept.isEmpty) { break }
            kept.append(line)
            size += line.count + 1
        }
        var text = kept.joined(separator: "\n")
        var cut = kept.count < lines.count
        if text.count > maxCodeCharacters {
            text = String(text.prefix(maxCodeCharacters))
            cut = true
        }
        while text.hasSuffix("\n") { text.removeLast() }
        return (text, cut)
    }
}
