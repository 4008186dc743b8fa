import Hummingbird
import TranscriptIndex

/// An error answer: `{"error": {"code": "…", "message": "…"}}` with its HTTP status. The codes are those of
/// the CLI's `--json` errors plus the HTTP-only ones (not_found for routes, method_not_allowed, too_large,
/// unauthorized, forbidden_host, bad_request for malformed HTTP, invalid_request, internal_error).
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var headers: HTTPFields = [:]

    static func badRequest(_ message: String) -> APIError {
        APIError(status: .badRequest, code: IndexError.Code.invalidParameter.rawValue, message: message)
    }

    init(status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// The HTTP face of an index error. Database failures are the only 500s, and say nothing of SQLite.
    init(_ error: IndexError) {
        switch error.code {
        case .invalidParameter, .invalidQuery, .invalidInput:
            self.init(status: .badRequest, code: error.code.rawValue, message: error.message)
        case .notFound:
            self.init(status: .notFound, code: error.code.rawValue, message: error.message)
        case .loading:
            // Temporary: the full-text index is rebuilt when the import ends (seconds to minutes).
            self.init(status: .serviceUnavailable, code: error.code.rawValue, message: error.message,
                      headers: [.retryAfter: "30"])
        case .noIndex, .notAnIndex, .database:  // the index is opened before the server listens: not per request
            self.init(status: .internalServerError, code: "internal_error", message: "the index could not be read")
        }
    }

    /// `{"error": {"code": "…", "message": "…"}}` and a newline, as the CLI prints it.
    var body: String {
        JSONOut.object([
            ("error", .object([("code", .string(code)), ("message", .string(message))])),
        ]).text + "\n"
    }

    var response: Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}

extension Response {
    /// 200 with a JSON body already rendered: byte for byte what `--json` prints, newline included.
    static func json(_ value: JSONOut) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: value.text + "\n")))
    }
}
