import Foundation
import Logging
import Yams

/// Reads documentation folders into pages and sections: a GitBook Git Sync folder (`.gitbook.yaml`, `SUMMARY.md`),
/// a GitBook site folder (`docs.yaml`, one space per content directory) or a plain folder of markdown files.
///
/// The folder is untrusted: every path it names is confined to it (`SourceFolder`) and every cost is bounded
/// (`ImportLimits`). A page that cannot be read, parsed or followed is recorded as an `ImportIssue` and skipped;
/// a configuration that points outside the folder or past a limit fails the whole load.
public struct SpaceLoader: Sendable {
    private let limits: ImportLimits
    private let logger: Logger

    public init(
        limits: ImportLimits = ImportLimits(),
        logger: Logger = Logger(label: "askbook.loader", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.limits = limits
        self.logger = logger
    }

    /// Loads the folder at `path` as one space (or, for a `docs.yaml` site, one space per content directory, with
    /// ids `"\(spaceID)-\(directory name)"`).
    ///
    /// - Throws: `AskbookError.unreadableSource` when the folder does not exist, its configuration is malformed or
    ///   points outside it, or the content passes a limit.
    public func load(path: String, spaceID: String, title: String? = nil) throws -> [SpaceContent] {
        let folder = try SourceFolder(path: path)
        let budget = ByteBudget(limit: limits.maxTotalBytes)
        let spaces: [SpaceContent]
        switch Result(catching: { () throws(SourceFolder.Refusal) in try folder.readText("docs.yaml", limit: limits.maxYAMLBytes) }) {
        case .success(let siteConfig):
            spaces = try loadSite(folder: folder, config: siteConfig, prefix: spaceID, budget: budget)
        case .failure(.missing):
            spaces = [try loadSpace(folder: folder, directory: "", spaceID: spaceID, title: title, budget: budget)]
        case .failure(let refusal):
            throw AskbookError.unreadableSource("docs.yaml: \(refusal)")
        }
        guard !budget.isExhausted else {
            throw AskbookError.unreadableSource(
                "the folder holds more than \(ByteCount(limits.maxTotalBytes)) of markdown, the limit for one import"
            )
        }
        return spaces
    }

    // MARK: Site (docs.yaml)

    private func loadSite(folder: SourceFolder, config: String, prefix: String, budget: ByteBudget) throws -> [SpaceContent] {
        let root = try yaml(config, what: "docs.yaml")
        let siteTitle = root?["site"]?["title"]?.text ?? (folder.root as NSString).lastPathComponent
        var spaces: [(directory: String, title: String, section: String?, isDefault: Bool)] = []
        // The node budget bounds this walk, aliases included. Each node carries the section it is in.
        var pending: [(node: Node, section: String?)] = root.map { [($0, nil)] } ?? []
        while let (node, section) = pending.popLast() {
            if let mapping = node.mapping {
                if node["type"]?.text == "space", let directory = node["content"]?["directory"]?.text {
                    spaces.append((directory, node["title"]?.text ?? directory, section, node["default"]?.text == "true"))
                }
                let inner = node["type"]?.text == "section" ? node["title"]?.text ?? node["key"]?.text ?? node["path"]?.text ?? "" : section
                let children = mapping.filter { $0.key.text != "content" }.sorted { ($0.key.text ?? "") < ($1.key.text ?? "") }
                pending.append(contentsOf: children.reversed().map { ($0.value, inner) })
            } else if let sequence = node.sequence {
                pending.append(contentsOf: sequence.reversed().map { ($0, section) })
            }
        }
        guard spaces.count <= limits.maxSpaces else {
            throw AskbookError.unreadableSource("docs.yaml declares \(spaces.count) spaces; the limit is \(limits.maxSpaces)")
        }
        var seen: Set<String> = []
        var contents: [SpaceContent] = []
        for space in spaces {
            guard let directory = SourceFolder.join("", space.directory) else {
                throw AskbookError.unreadableSource("docs.yaml: directory '\(space.directory)': \(SourceFolder.Refusal.leavesFolder)")
            }
            guard seen.insert(directory).inserted else { continue }
            do throws(SourceFolder.Refusal) {
                _ = try folder.realPath(of: directory)
            } catch {
                throw AskbookError.unreadableSource("docs.yaml: directory '\(space.directory)': \(error)")
            }
            let name = directory.split(separator: "/").last.map(String.init) ?? (folder.root as NSString).lastPathComponent
            var content = try loadSpace(folder: folder, directory: directory, spaceID: "\(prefix)-\(name)", title: space.title, budget: budget)
            // A section's default content is the space marked `default`, else its first; a space outside any section is
            // default content itself.
            let isDefault =
                space.section == nil || space.isDefault
                || (!spaces.contains { $0.section == space.section && $0.isDefault }
                    && spaces.first { $0.section == space.section }?.directory == space.directory)
            content.site = SiteMembership(
                siteID: prefix,
                siteTitle: siteTitle,
                section: space.section,
                isDefault: isDefault,
                position: contents.count
            )
            contents.append(content)
        }
        return contents
    }

    /// A configuration file's YAML; a refusal fails the load.
    private func yaml(_ text: String, what: String) throws -> Node? {
        do {
            return try BoundedYAML(limits: limits).load(text, what: what)
        } catch let refusal as BoundedYAML.Refusal {
            throw AskbookError.unreadableSource(refusal.description)
        }
    }

    // MARK: One space

    /// Where a space's pages are: its root folder, readme and summary, all relative to the imported folder.
    private struct Layout {
        var root: String
        var readme: String
        var summary: String
    }

    private func layout(folder: SourceFolder, directory: String) throws -> Layout {
        func standard(root: String) -> Layout {
            Layout(
                root: root,
                readme: SourceFolder.join(root, "README.md") ?? "README.md",
                summary: SourceFolder.join(root, "SUMMARY.md") ?? "SUMMARY.md"
            )
        }
        let configPath = SourceFolder.join(directory, ".gitbook.yaml") ?? ".gitbook.yaml"
        let text: String
        do throws(SourceFolder.Refusal) {
            text = try folder.readText(configPath, limit: limits.maxYAMLBytes)
        } catch .missing {
            return standard(root: directory)
        } catch {
            throw AskbookError.unreadableSource("\(configPath): \(error)")
        }
        let config = try yaml(text, what: configPath)
        func inside(_ base: String, _ value: String, key: String) throws -> String {
            guard let joined = SourceFolder.join(base, value), SourceFolder.isInside(joined, base: directory) else {
                throw AskbookError.unreadableSource("\(configPath): \(key) '\(value)': \(SourceFolder.Refusal.leavesFolder)")
            }
            return joined
        }
        var layout = standard(root: try config?["root"]?.text.map { try inside(directory, $0, key: "root") } ?? directory)
        guard folder.isFolder(layout.root) else {
            throw AskbookError.unreadableSource("\(configPath): root '\(layout.root)' is not a folder inside the imported folder")
        }
        if let readme = config?["structure"]?["readme"]?.text { layout.readme = try inside(layout.root, readme, key: "structure.readme") }
        if let summary = config?["structure"]?["summary"]?.text { layout.summary = try inside(layout.root, summary, key: "structure.summary") }
        return layout
    }

    private func loadSpace(folder: SourceFolder, directory: String, spaceID: String, title: String?, budget: ByteBudget) throws -> SpaceContent {
        let layout = try layout(folder: folder, directory: directory)
        var issues: [ImportIssue] = []
        var files: [(file: String, title: String?, parent: String?)]
        let summaryText: String?
        do throws(SourceFolder.Refusal) {
            summaryText = try folder.readText(layout.summary, limit: limits.maxFileBytes)
        } catch .missing {
            summaryText = nil
        } catch {
            throw AskbookError.unreadableSource("\(layout.summary): \(error)")
        }
        if let summaryText {
            let summaryFolder = (layout.summary as NSString).deletingLastPathComponent
            files = []
            for entry in Summary(markdown: summaryText).entries {
                // Links are relative to the summary; pages must stay in the space's root.
                guard let file = SourceFolder.join(summaryFolder, entry.file), SourceFolder.isInside(file, base: layout.root) else {
                    issues.append(ImportIssue(path: entry.file, reason: "\(SourceFolder.Refusal.leavesFolder)"))
                    continue
                }
                let parent = entry.parentFile.flatMap { SourceFolder.join(summaryFolder, $0) }
                    .flatMap { SourceFolder.isInside($0, base: layout.root) ? $0 : nil }
                files.append((relative(file, to: layout.root), entry.title, parent.map { relative($0, to: layout.root) }))
            }
            let readme = relative(layout.readme, to: layout.root)
            if !files.contains(where: { $0.file == readme }), (try? folder.realPath(of: layout.readme)) != nil {
                files.insert((readme, nil, nil), at: 0)
            }
        } else {
            files = try markdownTree(folder: folder, root: layout.root, issues: &issues)
        }

        var seenPaths: Set<String> = []
        let entries = files.filter { seenPaths.insert(Self.pagePath(forFile: $0.file)).inserted }
        guard entries.count <= limits.maxPagesPerSpace else {
            throw AskbookError.unreadableSource("space \(spaceID) has \(entries.count) pages; the limit is \(limits.maxPagesPerSpace)")
        }
        // Pages parse independently: on every core, then gathered in SUMMARY order.
        let pageLoader = PageLoader(folder: folder, root: layout.root, spaceID: spaceID, limits: limits, budget: budget)
        let loaded = try ConcurrentMap.map(count: entries.count) { i in
            let entry = entries[i]
            return pageLoader.load(file: entry.file, path: Self.pagePath(forFile: entry.file), title: entry.title, parentFile: entry.parent)
        }
        var pages: [Page] = []
        for (entry, result) in zip(entries, loaded) {
            issues += result.issues
            switch result.page {
            case .success(let page?): pages.append(page)
            case .success(nil): issues.append(ImportIssue(path: entry.file, reason: "the page has no text"))
            case .failure(let error):
                issues.append(ImportIssue(path: entry.file, reason: error.reason))
                logger.info("Skipped file", metadata: ["import.file": "\(entry.file)", "import.reason": "\(error.reason)"])
            }
        }
        let spaceTitle = title ?? pages.first?.title ?? spaceID
        return SpaceContent(spaceId: spaceID, title: spaceTitle, pages: PageLinks.resolved(pages), issues: issues)
    }

    private func relative(_ path: String, to root: String) -> String {
        root.isEmpty ? path : String(path.dropFirst(root.count + 1))
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

    /// Markdown files under `root` in file-tree order: each folder's README (or index) first, then its files, then its
    /// folders. Each folder is visited once by its real path, so symbolic-link loops end; links out of the imported
    /// folder are reported and skipped.
    private func markdownTree(
        folder: SourceFolder,
        root: String,
        issues: inout [ImportIssue]
    ) throws -> [(file: String, title: String?, parent: String?)] {
        var result: [(file: String, title: String?, parent: String?)] = []
        var visited: Set<String> = []
        var entriesSeen = 0
        let indexNames: Set<String> = ["readme.md", "index.md"]
        // Depth first with an explicit stack (deep trees must not exhaust the thread's stack).
        var pending: [(relative: String, parent: String?)] = [("", nil)]
        while let (relativeFolder, parent) = pending.popLast() {
            let path = relativeFolder.isEmpty ? root : root.isEmpty ? relativeFolder : root + "/" + relativeFolder
            let real: String
            do throws(SourceFolder.Refusal) {
                real = try folder.realPath(of: path)
            } catch {
                issues.append(ImportIssue(path: path, reason: "\(error)"))
                continue
            }
            guard visited.insert(real).inserted else {
                issues.append(ImportIssue(path: path, reason: "a symbolic link loop (the folder was already read)"))
                continue
            }
            guard path.split(separator: "/").count < SourceFolder.maxDepth else {
                issues.append(ImportIssue(path: path, reason: "\(SourceFolder.Refusal.tooDeep)"))
                continue
            }
            var files: [String] = []
            var folders: [String] = []
            for name in folder.names(in: path) where !name.hasPrefix(".") && name != "node_modules" {
                entriesSeen += 1
                guard entriesSeen <= limits.maxFolderEntries else {
                    throw AskbookError.unreadableSource("the folder holds more than \(limits.maxFolderEntries) files and folders")
                }
                let child = path.isEmpty ? name : path + "/" + name
                let isMarkdown = name.lowercased().hasSuffix(".md") || name.lowercased().hasSuffix(".markdown")
                do throws(SourceFolder.Refusal) {
                    if SourceFolder.kind(ofRealPath: try folder.realPath(of: child)) == .directory {
                        folders.append(name)
                    } else if isMarkdown {
                        files.append(name)
                    }
                } catch .linksOutside {
                    issues.append(ImportIssue(path: child, reason: "\(SourceFolder.Refusal.linksOutside)"))
                } catch {
                    if isMarkdown { issues.append(ImportIssue(path: child, reason: "\(error)")) }
                }
            }
            files.sort { (indexNames.contains($0.lowercased()) ? 0 : 1, $0) < (indexNames.contains($1.lowercased()) ? 0 : 1, $1) }
            let prefix = relativeFolder.isEmpty ? "" : relativeFolder + "/"
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
            pending.append(contentsOf: folders.reversed().map { (prefix + $0, folderPage) })
        }
        return result
    }
}
