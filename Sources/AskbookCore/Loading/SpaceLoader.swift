import Foundation
import Logging
import Yams

/// Reads documentation folders into pages and sections: a GitBook Git Sync folder (`.gitbook.yaml`, `SUMMARY.md`),
/// a GitBook site folder (`docs.yaml`, one space per content directory) or a plain folder of markdown files.
///
/// A file that cannot be read or parsed is recorded as an `ImportIssue` and skipped; the rest goes on.
public struct SpaceLoader: Sendable {
    private let logger: Logger

    public init(logger: Logger = Logger(label: "askbook.loader", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.logger = logger
    }

    /// Loads the folder at `path` as one space (or, for a `docs.yaml` site, one space per content directory, with
    /// ids `"\(spaceID)-\(directory name)"`).
    ///
    /// - Throws: `AskbookError.unreadableSource` when the folder does not exist or its configuration is malformed.
    public func load(path: String, spaceID: String, title: String? = nil) throws -> [SpaceContent] {
        let folder = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AskbookError.unreadableSource("\(path) is not a folder")
        }
        let siteFile = folder.appendingPathComponent("docs.yaml")
        if FileManager.default.fileExists(atPath: siteFile.path) {
            return try loadSite(folder: folder, config: siteFile, prefix: spaceID)
        }
        return [try loadSpace(folder: folder, spaceID: spaceID, title: title)]
    }

    // MARK: Site (docs.yaml)

    private func loadSite(folder: URL, config: URL, prefix: String) throws -> [SpaceContent] {
        let object: Any?
        do {
            object = try Yams.load(yaml: try String(contentsOf: config, encoding: .utf8))
        } catch {
            throw AskbookError.unreadableSource("docs.yaml: \(error)")
        }
        var spaces: [(directory: String, title: String)] = []
        func walk(_ node: Any?) {
            if let dict = node as? [String: Any] {
                if dict["type"] as? String == "space", let content = dict["content"] as? [String: Any],
                    let directory = content["directory"] as? String
                {
                    spaces.append((directory, dict["title"] as? String ?? directory))
                }
                for key in dict.keys.sorted() where key != "content" { walk(dict[key]) }
            } else if let array = node as? [Any] {
                array.forEach(walk)
            }
        }
        walk(object)
        var seen: Set<String> = []
        return try spaces.compactMap { space in
            let directory = folder.appendingPathComponent(space.directory).standardizedFileURL
            guard seen.insert(directory.path).inserted else { return nil }
            return try loadSpace(folder: directory, spaceID: "\(prefix)-\(directory.lastPathComponent)", title: space.title)
        }
    }

    // MARK: One space

    private func loadSpace(folder: URL, spaceID: String, title: String?) throws -> SpaceContent {
        var root = folder
        var readme = "README.md"
        var summaryFile = "SUMMARY.md"
        let configURL = folder.appendingPathComponent(".gitbook.yaml")
        if let text = try? String(contentsOf: configURL, encoding: .utf8) {
            let config: [String: Any]
            do {
                config = try Yams.load(yaml: text) as? [String: Any] ?? [:]
            } catch {
                throw AskbookError.unreadableSource(".gitbook.yaml: \(error)")
            }
            if let rootPath = config["root"] as? String { root = folder.appendingPathComponent(rootPath).standardizedFileURL }
            if let structure = config["structure"] as? [String: Any] {
                readme = structure["readme"] as? String ?? readme
                summaryFile = structure["summary"] as? String ?? summaryFile
            }
        }

        var files: [(file: String, title: String?, parent: String?)]
        if let summaryText = try? String(contentsOf: root.appendingPathComponent(summaryFile), encoding: .utf8) {
            let summary = Summary(markdown: summaryText)
            files = summary.entries.map { ($0.file, $0.title, $0.parentFile) }
            if !files.contains(where: { $0.file == readme }), FileManager.default.fileExists(atPath: root.appendingPathComponent(readme).path) {
                files.insert((readme, nil, nil), at: 0)
            }
        } else {
            files = markdownTree(root: root)
        }

        var seenPaths: Set<String> = []
        let entries = files.filter { seenPaths.insert(Self.pagePath(forFile: $0.file)).inserted }
        // Pages parse independently: on every core, then gathered in SUMMARY order.
        let pageRoot = root
        let loaded = try ConcurrentMap.map(count: entries.count) { i in
            let entry = entries[i]
            return Result {
                try loadPage(
                    root: pageRoot,
                    file: entry.file,
                    path: Self.pagePath(forFile: entry.file),
                    spaceID: spaceID,
                    title: entry.title,
                    parentFile: entry.parent
                )
            }
        }
        var pages: [Page] = []
        var issues: [ImportIssue] = []
        for (entry, result) in zip(entries, loaded) {
            switch result {
            case .success(let page?): pages.append(page)
            case .success(nil): issues.append(ImportIssue(path: entry.file, reason: "the page has no text"))
            case .failure(let error):
                issues.append(ImportIssue(path: entry.file, reason: "\(error)"))
                logger.info("Skipped file", metadata: ["import.file": "\(entry.file)", "import.reason": "\(error)"])
            }
        }
        let spaceTitle = title ?? pages.first?.title ?? spaceID
        return SpaceContent(spaceId: spaceID, title: spaceTitle, pages: pages, issues: issues)
    }

    private func loadPage(root: URL, file: String, path: String, spaceID: String, title: String?, parentFile: String?) throws -> Page? {
        let url = root.appendingPathComponent(file)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PageError(reason: "cannot read the file (\(Self.reason(error)))")
        }
        guard let markdown = String(data: data, encoding: .utf8) else {
            throw PageError(reason: "the file is not valid UTF-8")
        }
        let directory = url.deletingLastPathComponent()
        let blocks = GitBookBlocks { reference in
            let candidates = [directory.appendingPathComponent(reference), root.appendingPathComponent(".gitbook/includes/\(reference)")]
            for candidate in candidates {
                for suffix in ["", ".md"] {
                    if let text = try? String(contentsOfFile: candidate.path + suffix, encoding: .utf8) { return text }
                }
            }
            return nil
        }
        let parsed: (sections: [Section], firstHeading: String?, frontMatter: FrontMatter)
        do {
            parsed = try PageSectioner(blocks: blocks).sections(of: markdown)
        } catch {
            throw PageError(reason: "malformed front matter (\(error))")
        }
        guard !parsed.sections.isEmpty else { return nil }
        let fileName = (file as NSString).lastPathComponent.replacingOccurrences(of: ".md", with: "")
        let pageTitle = title ?? parsed.frontMatter.title ?? parsed.firstHeading ?? fileName
        var sections = parsed.sections
        if sections[0].level == 0 { sections[0].title = pageTitle }
        return Page(
            id: StableID.make(spaceID, path),
            path: path,
            title: pageTitle,
            description: parsed.frontMatter.description,
            sourcePath: file,
            parentPath: parentFile.map(Self.pagePath(forFile:)),
            sections: sections
        )
    }

    /// GitBook's page path for a markdown file: the file path without `.md`, a `README` standing for its folder.
    ///
    /// ```swift
    /// SpaceLoader.pagePath(forFile: "getting-started/README.md")  // "getting-started"
    /// ```
    public static func pagePath(forFile file: String) -> String {
        var components = file.split(separator: "/").map(String.init).filter { $0 != "." }
        guard var last = components.popLast() else { return "" }
        for ext in [".md", ".markdown"] where last.lowercased().hasSuffix(ext) { last.removeLast(ext.count) }
        if last.lowercased() != "readme" { components.append(last) }
        return components.joined(separator: "/")
    }

    /// Markdown files under `root` in file-tree order: each folder's README (or index) first, then its files, then its folders.
    private func markdownTree(root: URL) -> [(file: String, title: String?, parent: String?)] {
        var result: [(file: String, title: String?, parent: String?)] = []
        func visit(_ relative: String, parent: String?) {
            let url = relative.isEmpty ? root : root.appendingPathComponent(relative)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return }
            var files: [String] = []
            var folders: [String] = []
            for name in names.sorted() where !name.hasPrefix(".") && name != "node_modules" {
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory)
                if isDirectory.boolValue {
                    folders.append(name)
                } else if name.lowercased().hasSuffix(".md") || name.lowercased().hasSuffix(".markdown") {
                    files.append(name)
                }
            }
            let indexNames: Set<String> = ["readme.md", "index.md"]
            files.sort { (indexNames.contains($0.lowercased()) ? 0 : 1, $0) < (indexNames.contains($1.lowercased()) ? 0 : 1, $1) }
            let prefix = relative.isEmpty ? "" : relative + "/"
            var folderPage = parent
            for name in files {
                let file = prefix + name
                if indexNames.contains(name.lowercased()), folderPage == parent {
                    result.append((file, nil, parent))
                    folderPage = file
                } else {
                    result.append((file, nil, folderPage))
                }
            }
            for name in folders { visit(prefix + name, parent: folderPage) }
        }
        visit("", parent: nil)
        return result
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}

/// Why one page was skipped; reported as an `ImportIssue`.
private struct PageError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
