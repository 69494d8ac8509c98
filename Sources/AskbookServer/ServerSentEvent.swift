import Hummingbird

/// The wire form of Server-Sent Events as GitBook's streams use them: `data: <one line of JSON>` and a blank line
/// per event, `data: done` at the end.
enum ServerSentEvent {
    /// The last event of a stream.
    static let done = ByteBuffer(string: "data: done\n\n")

    /// `value` as one event, named `name` when given (`event: error`). JSON never holds a raw line break (the encoder
    /// escapes them in strings), so the data is one line.
    static func event(_ value: some Encodable, name: String? = nil) -> ByteBuffer {
        var buffer = ByteBuffer()
        if let name { buffer.writeString("event: \(name)\n") }
        buffer.writeString("data: ")
        buffer.writeBytes(JSONResponse.data(value))
        buffer.writeString("\n\n")
        return buffer
    }
}
