import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The folder an import was given, and the only place that import may read.
///
/// Every path an import follows (`SUMMARY.md` links, `{% include %}`s, `.gitbook.yaml`'s `root` and `structure`,
/// `docs.yaml` directories, the plain-folder walk) is first joined and normalised as text (`..` may not climb above
/// the folder), then resolved on disk with `realpath(3)`, and must still lie inside the folder's own real path, so
/// a symbolic link cannot lead out either. Reads are of regular files only and stop at a byte limit.
///
/// Paths handed in and out are relative to the folder and `/`-separated (`""` is the folder itself).
public struct SourceFolder: Sendable {
    /// Why a path was not followed; the description is the reason an import reports for the file.
    public enum Refusal: Error, Equatable, CustomStringConvertible, Sendable {
        /// `..` climbs above the imported folder.
        case leavesFolder
        /// The path exists but a symbolic link on it leads outside the imported folder.
        case linksOutside
        /// Nothing exists at the path.
        case missing
        /// The path is a folder, a device, a pipe or a socket.
        case notRegularFile
        /// The file is larger than the limit (in bytes).
        case tooLarge(limit: Int)
        /// The file is not UTF-8 text.
        case notText
        /// The file exists but could not be read (permissions, I/O).
        case unreadable(String)
        /// The path has more than `SourceFolder.maxDepth` components.
        case tooDeep

        public var description: String {
            switch self {
            case .leavesFolder: "the path leaves the imported folder"
            case .linksOutside: "a symbolic link leads outside the imported folder"
            case .missing: "cannot read the file (no such file)"
            case .notRegularFile: "not a regular file"
            case .tooLarge(let limit): "the file is larger than \(ByteCount(limit)), the limit for one file"
            case .notText: "the file is not valid UTF-8"
            case .unreadable(let reason): "cannot read the file (\(reason))"
            case .tooDeep: "the path is nested deeper than \(SourceFolder.maxDepth) folders"
            }
        }
    }

    /// The deepest path followed, in components: `realpath(3)` reads every component, so depth costs per file, and
    /// documentation trees are a few levels deep.
    public static let maxDepth = 32

    /// The folder's real path (symbolic links resolved, no trailing slash).
    public let root: String

    /// The folder at `path`.
    ///
    /// - Throws: `AskbookError.unreadableSource` when `path` is not an existing folder.
    public init(path: String) throws {
        guard let real = Self.realPath(path) else { throw AskbookError.unreadableSource("\(path) does not exist") }
        guard Self.kind(ofRealPath: real) == .directory else { throw AskbookError.unreadableSource("\(path) is not a folder") }
        root = real
    }

    /// `reference` joined to the folder-relative `base` with `.` and `..` resolved as text; `nil` when it climbs above
    /// the folder. A leading `/` is taken from the folder, as GitBook takes it from the repository.
    ///
    /// ```swift
    /// SourceFolder.join("docs/guide", "../api/auth.md")  // "docs/api/auth.md"
    /// SourceFolder.join("docs", "../../etc/passwd")        // nil
    /// ```
    public static func join(_ base: String, _ reference: String) -> String? {
        var components: [Substring] = reference.hasPrefix("/") ? [] : base.split(separator: "/").filter { $0 != "." }
        for component in reference.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                guard components.popLast() != nil else { return nil }
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }

    /// Whether the folder-relative `path` is `base` or lies under it (both normalised).
    public static func isInside(_ path: String, base: String) -> Bool {
        base.isEmpty || path == base || path.hasPrefix(base + "/")
    }

    /// The real path of the folder-relative `path`, checked to lie inside the folder.
    public func realPath(of path: String) throws(Refusal) -> String {
        guard path.utf8.lazy.filter({ $0 == UInt8(ascii: "/") }).count < Self.maxDepth else { throw .tooDeep }
        let full = path.isEmpty ? root : root + "/" + path
        guard let real = Self.realPath(full) else {
            // A dangling link or a missing file: either way nothing to read.
            throw .missing
        }
        guard real == root || real.hasPrefix(root == "/" ? "/" : root + "/") else { throw .linksOutside }
        return real
    }

    /// Whether the folder-relative `path` is a folder inside the imported folder (links followed and checked).
    public func isFolder(_ path: String) -> Bool {
        guard let real = try? realPath(of: path) else { return false }
        return Self.kind(ofRealPath: real) == .directory
    }

    /// The text of the regular file at the folder-relative `path`, at most `limit` bytes.
    public func readText(_ path: String, limit: Int) throws(Refusal) -> String {
        let real = try realPath(of: path)
        var info = stat()
        guard stat(real, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile }
        guard info.st_size <= limit else { throw .tooLarge(limit: limit) }
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: real))
            defer { try? handle.close() }
            // One byte past the limit tells a file that is too large, even one that grew after it was resolved.
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw .unreadable((error as NSError).localizedDescription)
        }
        guard data.count <= limit else { throw .tooLarge(limit: limit) }
        guard let text = String(data: data, encoding: .utf8) else { throw .notText }
        return text
    }

    /// The names in the folder-relative folder `path`, sorted; empty when it cannot be listed.
    public func names(in path: String) -> [String] {
        guard let real = try? realPath(of: path) else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: real)) ?? []).sorted()
    }

    // MARK: File system

    enum Kind { case directory, regular, other }

    static func kind(ofRealPath path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regular
        default: return .other
        }
    }

    /// `realpath(3)`: the absolute path with every symbolic link, `.` and `..` resolved; `nil` when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard !path.utf8.contains(0), let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
