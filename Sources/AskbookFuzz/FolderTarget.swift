import AskbookCore
import Foundation

/// A whole documentation folder, written from a recipe, loaded by `SpaceLoader` beside a folder it must never read.
///
/// A recipe is sections `=== file: PATH` (then the file's text) and `=== link: PATH -> TARGET` (a symbolic link);
/// paths are kept inside the generated folder, link targets are not (that is the attack). Holds: no trap or hang,
/// and no text of the outside folder (nor of `/etc/passwd`) in any page.
struct FolderTarget: FuzzTarget {
    let name = "folder"
    let maxSize = 64 << 10
    static let secret = "OUTSIDESECRET"

    let dictionary = [
        "=== file: ", "=== link: ", " -> ", "\n", "SUMMARY.md", "README.md", ".gitbook.yaml", "docs.yaml", ".gitbook/includes/", "../",
        "..", "%2e%2e/", "./", "/", "/etc/passwd", "../outside/secret.md", "* [Page](", ")\n", "{% include \"", "\" %}", "root: ",
        "structure:\n  readme: ", "structure:\n  summary: ", "spaces:\n  - type: space\n    content:\n      directory: ", "&a [*a]", "sub/",
        "# Title\n\nText.\n", "---\ndescription: d\n---\n",
    ]

    func run(_ input: [UInt8]) async -> String? {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-fuzz-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let space = base + "/space"
        do {
            try write(["secret.md": "# Secret\n\n\(Self.secret)", "SUMMARY.md": "* [S](secret.md)\n"], links: [:], under: base + "/outside")
            let (files, links) = Self.recipe(String(decoding: input, as: UTF8.self))
            try FileManager.default.createDirectory(atPath: space, withIntermediateDirectories: true)
            try write(files, links: links, under: space)
        } catch {
            return nil  // a recipe the file system refuses (a name too long, a file where a folder must be)
        }
        var limits = ImportLimits()
        limits.maxTotalBytes = 16 << 20
        guard let contents = try? SpaceLoader(limits: limits).load(path: space, spaceID: "fuzz") else { return nil }
        for content in contents {
            for page in content.pages {
                let text = page.sections.flatMap(\.blocks).map(\.text).joined(separator: "\n") + page.title
                if text.contains(Self.secret) || text.contains("root:x:0:0") {
                    return "page \(page.path) of space \(content.spaceId) holds text from outside the imported folder"
                }
            }
        }
        return nil
    }

    /// Files and links of a recipe; entries whose path would leave the folder are dropped (the harness must not write
    /// outside it), at most 64 entries.
    static func recipe(_ text: String) -> (files: [String: String], links: [String: String]) {
        var files: [String: String] = [:]
        var links: [String: String] = [:]
        for part in text.components(separatedBy: "=== ").prefix(64) {
            let header = part.prefix { $0 != "\n" }
            let body = part.dropFirst(header.count + 1)
            if header.hasPrefix("file: "), let path = SourceFolder.join("", String(header.dropFirst(6))), !path.isEmpty {
                files[path] = String(body)
            } else if header.hasPrefix("link: ") {
                let link = header.dropFirst(6)
                guard let arrow = link.range(of: " -> ") else { continue }
                if let path = SourceFolder.join("", String(link[..<arrow.lowerBound])), !path.isEmpty {
                    links[path] = String(link[arrow.upperBound...])
                }
            }
        }
        return (files, links)
    }

    private func write(_ files: [String: String], links: [String: String], under folder: String) throws {
        let manager = FileManager.default
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let url = URL(fileURLWithPath: folder + "/" + path)
            try? manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? text.write(to: url, atomically: false, encoding: .utf8)
        }
        for (path, target) in links.sorted(by: { $0.key < $1.key }) where !target.isEmpty && !target.contains("\0") {
            let url = URL(fileURLWithPath: folder + "/" + path)
            try? manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? manager.createSymbolicLink(atPath: url.path, withDestinationPath: target)
        }
    }
}
