import Foundation
import Synchronization

/// Reads one page of a space: its file, the files it includes (each confined to the imported folder, together
/// within the page's include budget), and its sections.
struct PageLoader: Sendable {
    /// Why the page was skipped.
    struct Failure: Error {
        var reason: String
    }

    /// The page (`nil` when it has no text) or why it was skipped, and what was left out of it.
    struct Loaded: Sendable {
        var page: Result<Page?, Failure>
        var issues: [ImportIssue] = []
    }

    let folder: SourceFolder
    /// The space's root folder, relative to the imported folder.
    let root: String
    let spaceID: String
    let limits: ImportLimits
    /// The import's budget of markdown bytes, shared by all its pages.
    let budget: ByteBudget

    func load(file: String, path: String, title: String?, parentFile: String?) -> Loaded {
        let location = root.isEmpty ? file : root + "/" + file
        let markdown: String
        do throws(SourceFolder.Refusal) {
            markdown = try folder.readText(location, limit: limits.maxFileBytes)
        } catch {
            return Loaded(page: .failure(Failure(reason: "\(error)")))
        }
        guard budget.spend(markdown.utf8.count) else {
            return Loaded(page: .failure(Failure(reason: "left out: the import passes \(ByteCount(limits.maxTotalBytes)) of markdown")))
        }
        let includes = IncludeReader(
            folder: folder,
            directory: (location as NSString).deletingLastPathComponent,
            root: root,
            limits: limits,
            budget: budget
        )
        let blocks = GitBookBlocks(maxIncludeDepth: limits.maxIncludeDepth) { includes.read($0) }
        let parsed: (sections: [Section], firstHeading: String?, frontMatter: FrontMatter)
        do {
            parsed = try PageSectioner(blocks: blocks, limits: limits).sections(of: markdown)
        } catch {
            return Loaded(page: .failure(Failure(reason: "\(error)")), issues: includes.issues(page: file))
        }
        guard !parsed.sections.isEmpty else { return Loaded(page: .success(nil), issues: includes.issues(page: file)) }
        let fileName = (file as NSString).lastPathComponent.replacingOccurrences(of: ".md", with: "")
        let pageTitle = title ?? parsed.frontMatter.title ?? parsed.firstHeading ?? fileName
        var sections = parsed.sections
        if sections[0].level == 0 { sections[0].title = pageTitle }
        // The published form reads the includes the sectioning pass read, again: it costs no budget twice.
        let published = PublishedMarkdown(maxIncludeDepth: limits.maxIncludeDepth) { includes.replay($0) }
            .render(body: FrontMatter.split(markdown).body, title: pageTitle, description: parsed.frontMatter.description)
        var page = Page(
            id: StableID.make(spaceID, path),
            path: path,
            title: pageTitle,
            description: parsed.frontMatter.description,
            sourcePath: file,
            parentPath: parentFile.map(SpaceLoader.pagePath(forFile:)),
            sections: sections
        )
        page.markdown = published
        return Loaded(page: .success(page), issues: includes.issues(page: file))
    }
}

/// Reads the files a page's `{% include "…" %}`s name — relative to the page, else in the space's
/// `.gitbook/includes/` — within the page's include budget, and remembers what it had to leave out.
final class IncludeReader: Sendable {
    private struct State {
        var bytes = 0
        var leftOut: [(reference: String, reason: String)] = []
        /// The texts read for each reference, in order, for `replay`.
        var read: [String: [String]] = [:]
    }

    private let folder: SourceFolder
    private let directory: String
    private let root: String
    private let limits: ImportLimits
    private let budget: ByteBudget
    private let state = Mutex(State())

    init(folder: SourceFolder, directory: String, root: String, limits: ImportLimits, budget: ByteBudget) {
        self.folder = folder
        self.directory = directory
        self.root = root
        self.limits = limits
        self.budget = budget
    }

    /// The included file's text, or `nil` (and a note of why) when it cannot be followed.
    func read(_ reference: String) -> String? {
        let candidates = [SourceFolder.join(directory, reference), SourceFolder.join(root, ".gitbook/includes/" + reference)]
        var refusal: SourceFolder.Refusal = candidates.contains(nil) ? .leavesFolder : .missing
        for candidate in candidates.compactMap(\.self) {
            for path in [candidate, candidate + ".md"] {
                let allowance = min(limits.maxFileBytes, limits.maxIncludedBytesPerPage - state.withLock { $0.bytes })
                do throws(SourceFolder.Refusal) {
                    let text = try folder.readText(path, limit: max(0, allowance))
                    guard budget.spend(text.utf8.count) else {
                        note(reference, "the import passes \(ByteCount(limits.maxTotalBytes)) of markdown")
                        return nil
                    }
                    state.withLock {
                        $0.bytes += text.utf8.count
                        $0.read[reference, default: []].append(text)
                    }
                    return text
                } catch .missing {
                    continue
                } catch .tooLarge where allowance < limits.maxFileBytes {
                    note(reference, "the page's includes pass \(ByteCount(limits.maxIncludedBytesPerPage))")
                    return nil
                } catch {
                    if refusal == .missing || refusal == .leavesFolder { refusal = error }
                }
            }
        }
        note(reference, "\(refusal)")
        return nil
    }

    /// The next text `read` returned for `reference` and not yet replayed; `nil` when there is none. A second pass
    /// over the page (its published markdown) reads what the first read, no more, and spends no budget again.
    func replay(_ reference: String) -> String? {
        state.withLock { state in
            guard var texts = state.read[reference], !texts.isEmpty else { return nil }
            let text = texts.removeFirst()
            state.read[reference] = texts
            return text
        }
    }

    /// What was left out of `page`, one issue per distinct include and reason.
    func issues(page: String) -> [ImportIssue] {
        var seen: Set<String> = []
        return state.withLock { $0.leftOut }.compactMap { item in
            let reason = "include '\(item.reference)' left out: \(item.reason)"
            return seen.insert(reason).inserted ? ImportIssue(path: page, reason: reason) : nil
        }
    }

    private func note(_ reference: String, _ reason: String) {
        state.withLock { state in
            // A page that includes the same file a thousand times needs one line about it, not a thousand.
            if state.leftOut.count < 100 { state.leftOut.append((String(reference.prefix(200)), reason)) }
        }
    }
}
