import AskbookCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOHTTP1

/// An error answered with GitBook's body `{"error":{"code":<status>,"message":"…"}}`.
public struct APIError: HTTPResponseError, Equatable {
    public var status: HTTPResponse.Status
    public var message: String
    /// Extra headers (`Allow` for 405, rate-limit headers for 429).
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    struct Body: Codable, Equatable {
        struct Detail: Codable, Equatable {
            var code: Int
            var message: String
        }
        var error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(Body(error: .init(code: Int(status.code), message: message)), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    /// Maps `error` as `from(_:)` does, and logs it when it becomes a 500: the body then says nothing of what failed,
    /// the log does, with the request id `logger` carries (`hb.request.id`).
    static func from(_ error: any Error, logger: Logger) -> APIError {
        let apiError = from(error)
        if apiError.status == .internalServerError {
            logger.error("Request failed", metadata: ["error": "\(String(reflecting: error))"])
        }
        return apiError
    }

    /// Maps any error escaping a handler to an API error: ours as they are, Hummingbird's by status, core errors by
    /// category, JSON decoding errors and NIO's HTTP parser errors as 400, anything else as a 500 that reveals no
    /// internals.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as AskbookError:
            switch error.category {
            case .invalidInput: return APIError(.badRequest, message: error.description)
            case .notFound: return APIError(.notFound, message: error.description)
            case .unavailable: return APIError(.serviceUnavailable, message: error.description)
            }
        case let error as DecodingError:
            return APIError(.badRequest, message: "Invalid JSON body: \(Self.describe(error))")
        case is HTTPParserError:
            // NIO's decoder failed inside the body (a bad chunk size, say) while a handler was reading it.
            return APIError(.badRequest, message: "Malformed request body: its framing is not valid HTTP/1.1 (e.g. a bad chunk).")
        case let error as HTTPError:
            return APIError(error.status, message: error.body ?? Self.defaultMessage(error.status))
        case let error as any HTTPResponseError:
            return APIError(error.status, message: Self.defaultMessage(error.status))
        default:
            return APIError(.internalServerError, message: "Internal server error.")
        }
    }

    static func defaultMessage(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "Not found: no such route. See GET /v1/ and the API reference."
        case 413: "The request body is larger than 1 MiB."
        default: status.reasonPhrase
        }
    }

    /// What is wrong with a JSON body, in the client's terms: the field's path and the kind of value it needs, never
    /// a Swift type name.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.reduce("") { path, key in
                key.intValue.map { "\(path)[\($0)]" } ?? (path.isEmpty ? key.stringValue : "\(path).\(key.stringValue)")
            }
            return keys.isEmpty ? "the body" : "'\(keys)'"
        }
        switch error {
        case .typeMismatch(let type, let context): return "\(path(context)) must be \(jsonKind(of: type))."
        case .valueNotFound(let type, let context): return "\(path(context)) must be \(jsonKind(of: type)), not null."
        case .keyNotFound(let key, _): return "'\(key.stringValue)' is required."
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "the body is not valid JSON." : "\(path(context)) is malformed."
        @unknown default: return "the body does not match the expected shape."
        }
    }

    /// The JSON kind of value a decoded Swift type needs: "a string", "a list of strings", "an object"...
    static func jsonKind(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is any BinaryInteger.Type: "a whole number"
        case is any BinaryFloatingPoint.Type: "a number"
        case is [String].Type: "a list of strings"
        case is any JSONList.Type: "a list"
        case is any JSONObject.Type: "an object"
        default: "a value of another type"
        }
    }
}

/// Arrays, whatever their elements, for naming the JSON kind of a type.
protocol JSONList {}
extension Array: JSONList {}

/// Dictionaries, whatever their keys and values, for naming the JSON kind of a type.
protocol JSONObject {}
extension Dictionary: JSONObject {}
