import Foundation

/// Something an import could not do as asked, located precisely enough to fix it: `FILE:LINE: reason` for a
/// record, `FILE: reason` for a whole file. Never quotes the input (transcripts are personal data).
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    /// What the problem cost: the summary counts each kind.
    public enum Effect: Sendable, Equatable {
        /// The record was not imported.
        case recordSkipped
        /// The record was imported, changed (NUL characters replaced by spaces).
        case recordRepaired
        /// The file could not be read at all (missing, a directory, not permitted, not UTF-8 text).
        case fileNotRead
        /// Reading stopped part-way; what came before was imported.
        case fileReadInPart
    }

    /// File name as given, or "-" for standard input.
    public var source: String
    /// 1-based line of the record's start in that file; nil when the problem is the file's.
    public var line: Int?
    public var message: String
    public var effect: Effect

    public init(source: String, line: Int?, message: String, effect: Effect = .recordSkipped) {
        self.source = source
        self.line = line
        self.message = message
        self.effect = effect
    }

    public var description: String { line.map { "\(source):\($0): \(message)" } ?? "\(source): \(message)" }

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
