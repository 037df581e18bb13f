#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the raw bytes of a CSV come from. Reading is pull-based and block-sized,
/// so memory stays constant whatever the size of the file.
enum ByteSource {
    case file(descriptor: Int32)
    case memory([UInt8], position: Int)

    static func open(path: String) throws(CSVError) -> ByteSource {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotOpen(file: path, reason: systemMessage(errno)) }
        return .file(descriptor: fd)
    }

    /// Fills `buffer` and returns the number of bytes read; 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer, file: String) throws(CSVError) -> Int {
        switch self {
        case .file(let fd):
            while true {
                let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
                if n >= 0 { return n }
                if errno != EINTR { throw .cannotRead(file: file, reason: systemMessage(errno)) }
            }
        case .memory(let bytes, let position):
            let n = min(buffer.count, bytes.count - position)
            bytes.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress! + position, byteCount: n)
            }
            self = .memory(bytes, position: position + n)
            return n
        }
    }

    func close() {
        if case .file(let fd) = self { _ = Glibc.close(fd) }
    }
}

func systemMessage(_ code: Int32) -> String {
    String(cString: strerror(code))
}
