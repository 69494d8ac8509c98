import Foundation

/// The frame of the small SVG charts in evaluation and benchmark reports: title, axes and axis labels around a body.
///
/// Written by hand: no plotting library is available to Swift here, and these charts need none.
enum SVGChart {
    static let width = 560.0
    static let height = 320.0
    static let margin = 44.0

    /// The chart: a white `width × height` canvas with the axes at `margin`, and `body` (SVG elements) drawn inside.
    static func frame(title: String, xLabel: String, yLabel: String, body: String) -> String {
        let w = width
        let h = height
        let m = margin
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(w))" height="\(Int(h))" font-family="sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(w / 2)" y="16" text-anchor="middle" font-size="13">\(title)</text>
            <line x1="\(m)" y1="\(h - m)" x2="\(w - 10)" y2="\(h - m)" stroke="black"/>
            <line x1="\(m)" y1="24" x2="\(m)" y2="\(h - m)" stroke="black"/>
            <text x="\(w / 2)" y="\(h - 8)" text-anchor="middle">\(xLabel)</text>
            <text x="12" y="\(h / 2)" text-anchor="middle" transform="rotate(-90 12 \(h / 2))">\(yLabel)</text>
            \(body)
            </svg>
            """
    }

    /// An attribute value with one decimal, quoted.
    static func quote(_ value: Double) -> String { "\"\(String(format: "%.1f", value))\"" }
}
