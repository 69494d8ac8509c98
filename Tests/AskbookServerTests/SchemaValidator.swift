import Foundation
import Yams

/// A JSON value decoded strictly (a boolean is never a number), for checking responses against GitBook's schemas.
indirect enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}

/// Checks JSON against the OpenAPI 3 schemas of `endpoints-in-scope.yaml`: `$ref`, `allOf`, `oneOf`/`anyOf` (one
/// alternative must match), `type`, `nullable`, `enum`, `required`, `properties`, `additionalProperties: false`,
/// `items`, `maxLength`, `maxItems`, `minimum`, `maximum`. Enough to catch a wrong field name, a missing required
/// field, a wrong type or an invalid enum value.
struct SchemaValidator {
    let document: [String: Any]

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        document = try Yams.load(yaml: text) as? [String: Any] ?? [:]
    }

    /// A schema by name from `components.schemas`.
    func schema(_ name: String) -> [String: Any] {
        ["$ref": "#/components/schemas/\(name)"]
    }

    /// The 200 (or other) response schema of an operation, for `contentType` (`text/event-stream` for a stream's events).
    func responseSchema(path: String, method: String, status: String = "200", contentType: String = "application/json") -> [String: Any]? {
        let paths = document["paths"] as? [String: Any]
        let operation = (paths?[path] as? [String: Any])?[method] as? [String: Any]
        let response = (operation?["responses"] as? [String: Any])?[status] as? [String: Any]
        let content = (response?["content"] as? [String: Any])?[contentType] as? [String: Any]
        return content?["schema"] as? [String: Any]
    }

    /// Problems found, each with its JSON path; empty when `value` conforms.
    func validate(_ value: JSONValue, against schema: [String: Any], at path: String = "$") -> [String] {
        if let ref = schema["$ref"] as? String { return validate(value, against: resolve(ref), at: path) }
        if value == .null, schema["nullable"] as? Bool == true { return [] }
        var problems: [String] = []
        if let all = schema["allOf"] as? [[String: Any]] {
            for part in all { problems += validate(value, against: part, at: path) }
        }
        for key in ["oneOf", "anyOf"] {
            if let alternatives = schema[key] as? [[String: Any]] {
                let results = alternatives.map { validate(value, against: $0, at: path) }
                if !results.contains(where: \.isEmpty) {
                    problems.append("\(path): matches none of \(key) (\(results.map { $0.first ?? "" }.joined(separator: " | ")))")
                }
            }
        }
        if let allowed = schema["enum"] as? [Any] {
            let matches = allowed.contains { candidate in
                switch (candidate, value) {
                case (let s as String, .string(let v)): s == v
                case (is NSNull, .null): true
                case (let b as Bool, .bool(let v)): b == v
                default: false
                }
            }
            if !matches && !(value == .null && allowed.isEmpty) { problems.append("\(path): \(value) is not one of \(allowed)") }
        }
        if let type = schema["type"] as? String {
            switch (type, value) {
            case ("object", .object(let object)):
                problems += validateObject(object, schema: schema, at: path)
            case ("array", .array(let items)):
                if let max = schema["maxItems"] as? Int, items.count > max { problems.append("\(path): more than \(max) items") }
                if let itemSchema = schema["items"] as? [String: Any] {
                    for (i, item) in items.enumerated() { problems += validate(item, against: itemSchema, at: "\(path)[\(i)]") }
                }
            case ("string", .string(let s)):
                if let max = schema["maxLength"] as? Int, s.count > max { problems.append("\(path): longer than \(max)") }
            case ("number", .number(let n)), ("integer", .number(let n)):
                if type == "integer", n.rounded() != n { problems.append("\(path): \(n) is not an integer") }
                if let min = schema["minimum"] as? Double ?? (schema["minimum"] as? Int).map(Double.init), n < min {
                    problems.append("\(path): below \(min)")
                }
                if let max = schema["maximum"] as? Double ?? (schema["maximum"] as? Int).map(Double.init), n > max {
                    problems.append("\(path): above \(max)")
                }
            case ("boolean", .bool):
                break
            default:
                problems.append("\(path): expected \(type), found \(value)")
            }
        } else if case .object(let object) = value, schema["properties"] != nil || schema["required"] != nil {
            problems += validateObject(object, schema: schema, at: path)
        }
        return problems
    }

    private func validateObject(_ object: [String: JSONValue], schema: [String: Any], at path: String) -> [String] {
        var problems: [String] = []
        let properties = schema["properties"] as? [String: Any] ?? [:]
        for key in schema["required"] as? [String] ?? [] where object[key] == nil {
            problems.append("\(path): missing required '\(key)'")
        }
        for (key, value) in object {
            if let propertySchema = properties[key] as? [String: Any] {
                problems += validate(value, against: propertySchema, at: "\(path).\(key)")
            } else if schema["additionalProperties"] as? Bool == false {
                problems.append("\(path): unexpected property '\(key)'")
            }
        }
        return problems
    }

    private func resolve(_ ref: String) -> [String: Any] {
        var node: Any = document
        for part in ref.dropFirst(2).split(separator: "/") {
            node = (node as? [String: Any])?[String(part)] ?? [:]
        }
        return node as? [String: Any] ?? [:]
    }
}
