import Foundation

/// A record that could not be imported, located precisely enough to fix it.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    /// File name as given, or "-" for standard input.
    public var source: String
    /// 1-based line of the record's start in that file.
    public var line: Int
    public var message: String

    public var description: String { "\(source):\(line): \(message)" }

    /// A one-line reason from a decoding error: which field, what was wrong.
    static func explain(_ error: Error) -> String {
        switch error {
        case let error as IndexError:
            return error.message
        case DecodingError.dataCorrupted(let context):
            return field(context) + context.debugDescription
        case DecodingError.typeMismatch(_, let context):
            return field(context) + context.debugDescription
        case DecodingError.valueNotFound(_, let context):
            return field(context) + "missing value"
        case DecodingError.keyNotFound(let key, let context):
            return field(context) + "missing key \"\(key.stringValue)\""
        default:
            return String(describing: error)
        }
    }

    private static func field(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.filter { $0.intValue == nil }.map(\.stringValue).joined(separator: ".")
        return path.isEmpty ? "" : "\(path): "
    }
}
