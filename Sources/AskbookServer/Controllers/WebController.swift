import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The browser side: `GET /ask` (the ask page), `GET /assets/ask.css` and `GET /assets/ask.js` (its style and script)
/// and `GET /widget.js` (the embeddable widget), from the plain HTML, CSS and JavaScript in `Web/` (package resources),
/// assembled once when the router is built.
///
/// Every asset carries a strong `ETag` (a hash of its bytes) and answers `If-None-Match` with 304; the page and the
/// widget, whose addresses do not change, are revalidated (`no-cache`, `max-age=300`), the page's style and script,
/// named with their hash by the page, are cached for a year. The page's Content-Security-Policy allows only its own
/// script, style and API (`connect-src 'self'`), no inline script, and no framing.
struct WebController {
    /// A response body with its headers, ready to serve.
    struct Asset: Sendable {
        var body: ByteBuffer
        var contentType: String
        var cacheControl: String
        var extraHeaders: HTTPFields = [:]

        var etag: String {
            "\"" + SHA256.hash(data: Array(body.readableBytesView)).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
        }
    }

    /// The page's Content-Security-Policy.
    static let pagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    private let assets: [String: Asset]?

    init(configuration: ServerConfiguration) {
        assets = Self.assemble(configuration: configuration)
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        for path in ["ask", "assets/ask.css", "assets/ask.js", "widget.js"] {
            router.get(RouterPath(path)) { request, _ in try serve(path, request: request) }
        }
    }

    private func serve(_ path: String, request: Request) throws -> Response {
        guard let asset = assets?[path] else {
            throw APIError(.serviceUnavailable, message: "The web assets are missing from this installation (the AskbookServer resource bundle).")
        }
        let etag = asset.etag
        var headers: HTTPFields = [.eTag: etag, .cacheControl: asset.cacheControl, .xContentTypeOptions: "nosniff"]
        headers.append(contentsOf: asset.extraHeaders)
        if let tags = request.headers[.ifNoneMatch], Self.matches(tags, etag: etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: asset.body))
    }

    /// Whether an `If-None-Match` list names `etag` (weak comparison, as RFC 9110 asks for `If-None-Match`) or is `*`.
    static func matches(_ header: String, etag: String) -> Bool {
        header.split(separator: ",").contains { tag in
            var tag = tag.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == etag
        }
    }

    /// The assets from the `Web` resources, or `nil` when they cannot be read.
    static func assemble(configuration: ServerConfiguration) -> [String: Asset]? {
        func read(_ name: String) -> String? {
            guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Web") else { return nil }
            return try? String(contentsOf: url, encoding: .utf8)
        }
        guard let html = read("ask.html"), let css = read("ask.css"), let app = read("ask-app.js"), let page = read("ask-page.js"),
            let widget = read("widget.js")
        else { return nil }
        let script = Asset(
            body: ByteBuffer(string: "(function () {\n'use strict';\n\(app)\n\(page)\n})();\n"),
            contentType: "text/javascript; charset=utf-8",
            cacheControl: "public, max-age=31536000, immutable"
        )
        let style = Asset(body: ByteBuffer(string: css), contentType: "text/css; charset=utf-8", cacheControl: "public, max-age=31536000, immutable")
        let widgetConfiguration = JSONResponse.data(WidgetConstants(css: css, publicURL: configuration.baseURL))
        let widgetScript = Asset(
            body: ByteBuffer(
                string:
                    "(function () {\n'use strict';\nconst ASKBOOK = \(String(decoding: widgetConfiguration, as: UTF8.self));\n\(app)\n\(widget)\n})();\n"
            ),
            contentType: "text/javascript; charset=utf-8",
            cacheControl: "public, max-age=300",
            extraHeaders: [.crossOriginResourcePolicy: "cross-origin"]
        )
        let rendered =
            html
            .replacingOccurrences(of: "{{key}}", with: escape(configuration.askKey ?? ""))
            .replacingOccurrences(of: "{{spaces}}", with: escape(configuration.askSpaces.joined(separator: ",")))
            .replacingOccurrences(of: "{{publicURL}}", with: escape(configuration.baseURL))
            .replacingOccurrences(of: "{{css}}", with: "/assets/ask.css?v=\(style.etag.trimmingCharacters(in: ["\""]))")
            .replacingOccurrences(of: "{{js}}", with: "/assets/ask.js?v=\(script.etag.trimmingCharacters(in: ["\""]))")
        let pageAsset = Asset(
            body: ByteBuffer(string: rendered),
            contentType: "text/html; charset=utf-8",
            cacheControl: "no-cache",
            extraHeaders: [.contentSecurityPolicy: pagePolicy, .referrerPolicy: "no-referrer"]
        )
        return ["ask": pageAsset, "assets/ask.css": style, "assets/ask.js": script, "widget.js": widgetScript]
    }

    /// What the widget needs that the server knows: its style (adopted into its shadow root) and the public docs URL.
    struct WidgetConstants: Encodable {
        var css: String
        var publicURL: String
    }

    /// `text` safe inside an HTML attribute value in double quotes.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

extension HTTPField.Name {
    static let referrerPolicy = Self("Referrer-Policy")!
}
