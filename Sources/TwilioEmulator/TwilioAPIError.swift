import Foundation
import Hummingbird

/// A Twilio REST error, answered with Twilio's legacy JSON body `{code, message, more_info, status}`.
/// Thrown from handlers and middleware; Hummingbird turns it into the response.
struct TwilioAPIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let code: Int
    let message: String
    var detail: String?
    var headers: HTTPFields = [:]

    private struct Body: Encodable {
        let code: Int
        let message: String
        let moreInfo: String
        let status: Int
        let detail: String?

        enum CodingKeys: String, CodingKey {
            case code, message, status, detail
            case moreInfo = "more_info"
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(code: code, message: message, moreInfo: "https://www.twilio.com/docs/errors/\(code)",
                        status: Int(status.code), detail: detail)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields,
                        body: ResponseBody(byteBuffer: ByteBuffer(data: try encoder.encode(body))))
    }

    static func badRequest(code: Int, message: String) -> TwilioAPIError {
        TwilioAPIError(status: .badRequest, code: code, message: message)
    }

    static func notFound(path: String) -> TwilioAPIError {
        TwilioAPIError(status: .notFound, code: 20404, message: "The requested resource \(path) was not found")
    }

    /// 401 with the `WWW-Authenticate: Basic` challenge Twilio sends: the header is what makes
    /// swift-corelibs-foundation's URLSession raise an authentication challenge, so clients must cope with it.
    static func authenticate(detail: String) -> TwilioAPIError {
        TwilioAPIError(status: .unauthorized, code: 20003, message: "Authenticate", detail: detail,
                       headers: [.wwwAuthenticate: "Basic realm=\"Twilio API\""])
    }

    static func tooManyRequests(retryAfterSeconds: Int?) -> TwilioAPIError {
        var headers: HTTPFields = [:]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return TwilioAPIError(status: .tooManyRequests, code: 20429, message: "Too Many Requests", headers: headers)
    }

    static func serverError(status: Int) -> TwilioAPIError {
        status == 503
            ? TwilioAPIError(status: .serviceUnavailable, code: 20503, message: "Service Unavailable")
            : TwilioAPIError(status: .internalServerError, code: 20500, message: "Internal Server Error")
    }
}
