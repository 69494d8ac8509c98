import Foundation

/// The links Askbook gives for a page: its app URL (as search results' `urls.app`) and its published markdown.
public enum PageURLs {
    /// `baseURL/s/space/path#anchor`, as `SearchComposer.appURL`.
    public static func app(baseURL: String, space: String, path: String, anchor: String = "") -> String {
        var url = "\(baseURL)/s/\(space)/\(path)"
        if !anchor.isEmpty { url += "#\(anchor)" }
        return url
    }

    /// The page's published markdown, `baseURL/v1/spaces/space/path.md`; the home page (empty path) is `README.md`.
    public static func markdown(baseURL: String, space: String, path: String) -> String {
        "\(baseURL)/v1/spaces/\(space)/\(markdownFile(path: path))"
    }

    /// The file name of a page's markdown under its space: `path.md`, `README.md` for the home page, path segments
    /// percent-encoded.
    public static func markdownFile(path: String) -> String {
        guard !path.isEmpty else { return "README.md" }
        return (path.addingPercentEncoding(withAllowedCharacters: pathAllowed) ?? path) + ".md"
    }

    /// The space's `llms.txt` and `llms-full.txt`.
    public static func llmsText(baseURL: String, space: String, full: Bool = false) -> String {
        "\(baseURL)/v1/spaces/\(space)/\(full ? "llms-full.txt" : "llms.txt")"
    }

    private static let pathAllowed: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: "?#%;")
        return set
    }()
}
