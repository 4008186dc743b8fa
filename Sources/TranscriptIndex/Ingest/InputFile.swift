import Foundation

/// One input of `transcripts import`, open for reading: a path, or standard input for "-". Opening never
/// throws: a path that cannot be read is a reason in words ("no such file"), reported as that file's problem
/// while the other inputs are imported.
struct InputFile {
    let descriptor: Int32
    private let ownsDescriptor: Bool

    /// Why an input cannot be read, in words.
    struct Failure: Error, Equatable {
        var message: String
    }

    static func open(_ path: String) -> Result<InputFile, Failure> {
        if path == "-" { return .success(InputFile(descriptor: STDIN_FILENO, ownsDescriptor: false)) }
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Failure(errno: errno)) }
        // open(2) accepts a directory for reading; read(2) would then fail with EISDIR.
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            Foundation.close(descriptor)
            return .failure(Failure(errno: EISDIR))
        }
        return .success(InputFile(descriptor: descriptor, ownsDescriptor: true))
    }

    func close() {
        if ownsDescriptor { Foundation.close(descriptor) }
    }

    /// Reads up to `count` bytes into `buffer`; 0 at the end of input. Retries when a signal interrupts it.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw Failure(errno: errno) }
        }
    }
}

extension InputFile.Failure {
    init(errno code: Int32) {
        switch code {
        case ENOENT: message = "no such file"
        case EACCES, EPERM: message = "permission denied"
        case EISDIR: message = "is a directory"
        case ENOTDIR: message = "no such file (a part of the path is not a directory)"
        default:
            let reason = String(cString: strerror(code))
            message = reason.prefix(1).lowercased() + reason.dropFirst()
        }
    }
}
