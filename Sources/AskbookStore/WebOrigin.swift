import AskbookCore
import Foundation

/// A web origin as browsers send it in `Origin`: `scheme://host[:port]`, lowercased, without the default port.
public enum WebOrigin {
    /// The most origins one visitor key may allow.
    public static let maxPerKey = 32
    /// The longest origin accepted (a host name is at most 253 characters).
    static let maxLength = 300

    /// `origin` in the form browsers send: scheme `http` or `https`, a host, a port only when not the scheme's default,
    /// no user, path, query or fragment.
    ///
    /// - Throws: `AskbookError.invalidOrigin` naming what is wrong.
    public static func normalize(_ origin: String) throws -> String {
        guard origin.utf8.count <= maxLength else { throw AskbookError.invalidOrigin(String(origin.prefix(40)) + "…", reason: "it is too long.") }
        guard let url = URLComponents(string: origin), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw AskbookError.invalidOrigin(origin, reason: "the scheme must be http or https.")
        }
        guard let host = url.host?.lowercased(), !host.isEmpty, origin.contains("://") else {
            throw AskbookError.invalidOrigin(origin, reason: "it has no host.")
        }
        guard url.user == nil, url.password == nil else { throw AskbookError.invalidOrigin(origin, reason: "it must not hold a user or password.") }
        guard url.path.isEmpty, url.query == nil, url.fragment == nil else {
            throw AskbookError.invalidOrigin(origin, reason: "an origin has no path, query or fragment (not even a trailing '/').")
        }
        guard host.allSatisfy({ $0.isLetter || $0.isNumber || "-.[]:".contains($0) }), host.allSatisfy(\.isASCII) else {
            throw AskbookError.invalidOrigin(origin, reason: "the host has characters a host name cannot have.")
        }
        var normalized = "\(scheme)://\(host)"
        if let port = url.port {
            guard (1...65535).contains(port) else { throw AskbookError.invalidOrigin(origin, reason: "the port must be 1…65535.") }
            if !(scheme == "http" && port == 80) && !(scheme == "https" && port == 443) { normalized += ":\(port)" }
        }
        return normalized
    }
}
