import AskbookCore

/// GitBook's space search response: a page of `SearchPageResult`s (pages › sections), with `count` the total number
/// of matching sections, `next` the cursor of the next page and `spelling` the words corrected, as in `SearchResults`.
struct PageResults: Encodable {
    var next: SearchResults.Next?
    var count: Int
    var items: [SearchPageResult]
    var spelling: SpellingCorrection?

    /// The pages of `results`, which come from one space.
    init(_ results: SearchResults) {
        next = results.next
        count = results.count
        items = results.items.flatMap(\.pages)
        spelling = results.spelling
    }
}
