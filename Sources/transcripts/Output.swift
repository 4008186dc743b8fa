import Foundation
import TranscriptIndex

/// Where and how the CLI writes: JSON to stdout, people's text to stdout, problems to stderr.
enum Output {
    static func line(_ text: String = "") {
        print(text)
    }

    static func json(_ value: JSONOut) {
        print(value.text)
    }

    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints the error (JSON on stdout under --json, text on stderr otherwise) and exits:
    /// 2 for usage errors (a bad parameter or query), 1 for everything else.
    static func fail(_ error: IndexError, json: Bool) -> Never {
        if json { self.json(error.json) } else { standardError("transcripts: \(error.message)") }
        switch error.code {
        case .invalidParameter, .invalidQuery: exit(2)
        default: exit(1)
        }
    }
}

/// ANSI styling only when stdout is a terminal and NO_COLOR is unset (https://no-color.org).
enum TerminalStyle {
    static let enabled: Bool = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func highlight(_ text: String) -> String { enabled ? "\u{1B}[1;33m" + text + "\u{1B}[0m" : text }
    static var highlightStart: String { enabled ? "\u{1B}[1;33m" : "" }
    static var highlightEnd: String { enabled ? "\u{1B}[0m" : "" }
    static func dim(_ text: String) -> String { enabled ? "\u{1B}[2m" + text + "\u{1B}[0m" : text }
    static func bold(_ text: String) -> String { enabled ? "\u{1B}[1m" + text + "\u{1B}[0m" : text }
}

/// "2024-03-05 14:02 UTC"
func humanDate(_ seconds: Int64?) -> String {
    guard let seconds else { return "—" }
    let iso = TwilioDate.iso8601(seconds)
    return iso.prefix(10) + " " + iso.dropFirst(11).prefix(5) + " UTC"
}

/// "1.2 MB"
func humanBytes(_ bytes: Int64) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1000, unit < units.count - 1 { value /= 1000; unit += 1 }
    return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
}

/// Transcript text as a terminal may show it: control characters (escape sequences in an imported text could
/// move the cursor or retitle the window) become spaces; newlines and tabs stay, and so do `keeping`.
func terminalSafe(_ text: String, keeping: Set<Unicode.Scalar> = []) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        let control = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
        if control, scalar != "\n", scalar != "\t", !keeping.contains(scalar) {
            out.append(" ")
        } else {
            out.append(scalar)
        }
    }
    return String(out)
}

/// "03:12" (or "1:03:12"): a time in the media, as a player shows it.
func clock(_ seconds: Double?) -> String {
    guard let seconds, seconds.isFinite, seconds >= 0 else { return "--:--" }
    let whole = Int(seconds)
    let (hours, minutes, rest) = (whole / 3600, whole / 60 % 60, whole % 60)
    return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%02d:%02d", minutes, rest)
}
