import AskbookCore
import Foundation

/// Text for `askbook bench`: SQuAD's paragraphs and questions when `../shared/data` is there, generated text otherwise,
/// repeated with a perturbation (a numbered variant word per copy) up to the size asked for.
public enum BenchCorpus {
    /// Paragraphs and questions: SQuAD v1.1 dev's from `data` when it is there, else generated.
    public static func source(data: URL) -> (paragraphs: [String], questions: [String]) {
        if let file = try? SQuADReader.file(data.appendingPathComponent("squad-v1.1-dev.json")) {
            let paragraphs = file.data.flatMap { $0.paragraphs ?? [] }
            let questions = paragraphs.flatMap { ($0.qas ?? []).compactMap(\.question) }
            return (paragraphs.compactMap(\.context), questions)
        }
        var generator = SystemRandomNumberGenerator()
        let words = (0..<5_000).map { i in "w\(String(i, radix: 36))" }
        func sentence() -> String { (0..<12).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ") + "." }
        return ((0..<2_000).map { _ in (0..<5).map { _ in sentence() }.joined(separator: " ") }, (0..<500).map { _ in sentence() })
    }

    /// Pages of 20 sections, one paragraph (one chunk) each: sections `chunks` of the endless sequence of paragraphs
    /// (paragraph `i % count`, with variant word `i / count` from the second copy on).
    static func pages(chunks: Range<Int>, paragraphs: [String]) -> [CorpusPage] {
        let sections = chunks.map { i in
            let copy = i / paragraphs.count
            let text = copy == 0 ? paragraphs[i % paragraphs.count] : paragraphs[i % paragraphs.count] + " Variant v\(copy)."
            return CorpusPage.Section(id: "s\(i)", title: "", text: String(text.prefix(1_100)))
        }
        return stride(from: 0, to: sections.count, by: 20).map { start in
            let page = (chunks.lowerBound + start) / 20
            return CorpusPage(page: "page-\(page)", title: "Page \(page)", sections: Array(sections[start..<min(sections.count, start + 20)]))
        }
    }

    /// The process's resident memory from /proc/self/statm, in MB.
    static func residentMegabytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1e6
    }
}
