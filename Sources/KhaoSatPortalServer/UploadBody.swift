import Foundation
import Hummingbird
import KhaoSatPortal
import MultipartKit
import NIOCore

/// A request body streamed into a `BlobWriter`: memory stays flat whatever the file's size.
/// Anything short of a whole file (too large, cut off, malformed) abandons the temporary file;
/// `Portal.upload` decides whether a whole one is kept.
enum UploadBody {
    /// An upload that keeps sending, but too slowly to finish, would hold its connection for
    /// ever (the idle time-out only cuts a silent one): after a minute it must average 10 KB/s.
    struct RateFloor {
        var grace: Duration = .seconds(60)
        var bytesPerSecond = 10_000

        func tooSlow(bytes: Int, after elapsed: Duration) -> Bool {
            guard elapsed > grace else { return false }
            return Double(bytes) < Double(bytesPerSecond) * Double(elapsed.components.seconds)
        }

        static let error = HTTPError(.requestTimeout, message: "Tệp gửi lên quá chậm (dưới 10 KB/s): hãy gửi lại khi đường truyền tốt hơn.")
    }

    /// The body is the file (the API).
    static func raw(_ request: Request, into writer: BlobWriter, floor: RateFloor = RateFloor()) async throws {
        let start = ContinuousClock.now
        var received = 0
        do {
            for try await chunk in request.body {
                try writer.write(chunk.readableBytesView)
                received += chunk.readableBytes
                if floor.tooSlow(bytes: received, after: .now - start) { throw RateFloor.error }
            }
        } catch {
            writer.abandon()
            throw (error as? PortalError)?.http ?? error
        }
    }

    /// A `multipart/form-data` form (the pages): the part named `file` goes to the writer, the
    /// other fields (short) are returned.
    struct Form {
        var fileName: String
        var fields: [String: String]
    }

    /// What a form may carry besides its file: the pages' forms have two short fields (the CSRF
    /// token, the upload replaced). More is refused (413) as soon as it arrives, not read to the end.
    static let maxFieldBytes = 4096
    static let maxFields = 16
    /// Bytes outside the file part: fields, part headers, parts without a name.
    static let maxOtherBytes = 64 * 1024

    /// `check` sees the fields (the CSRF token) before the file goes any further.
    static func multipart(_ request: Request, into writer: BlobWriter, floor: RateFloor = RateFloor(),
                          check: ([String: String]) throws -> Void) async throws -> Form {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
              let boundary = type.split(separator: ";").lazy
                  .map({ $0.trimmingCharacters(in: .whitespaces) })
                  .first(where: { $0.lowercased().hasPrefix("boundary=") })?.dropFirst(9)
                  .trimmingCharacters(in: CharacterSet(charactersIn: "\"")), !boundary.isEmpty else {
            writer.abandon()
            throw HTTPError(.badRequest, message: "Biểu mẫu tải lên không hợp lệ (cần multipart/form-data).")
        }
        let parser = MultipartParser(boundary: boundary)
        var part: (name: String, fileName: String?)?
        var fields: [String: String] = [:]
        var fileName: String?
        var fileComplete = false
        var failure: Error?
        var otherBytes = 0, parts = 0
        func tooLarge(_ what: String) -> HTTPError {
            HTTPError(.contentTooLarge, message: "Biểu mẫu tải lên có \(what); chỉ cần tệp và các trường của trang.")
        }
        parser.onHeader = { name, value in
            otherBytes += name.utf8.count + value.utf8.count
            guard name.lowercased() == "content-disposition" else { return }
            part = (parameter("name", in: value) ?? "", parameter("filename", in: value))
            parts += 1
            if part?.name == "file" && fileComplete {
                failure = HTTPError(.badRequest, message: "Mỗi lần chỉ tải lên một tệp.")
            } else if parts > maxFields + 1 {
                failure = tooLarge("quá \(maxFields) trường")
            }
        }
        parser.onBody = { buffer in
            guard failure == nil else { return }
            if let current = part, current.name == "file" {
                fileName = current.fileName
                do { try writer.write(buffer.readableBytesView) } catch { failure = error }
                return
            }
            otherBytes += buffer.readableBytes
            if let current = part {
                fields[current.name, default: ""] += String(buffer: buffer)
                if fields[current.name]!.utf8.count > maxFieldBytes { failure = tooLarge("trường \"\(current.name)\" dài quá \(maxFieldBytes) byte") }
            }
            if failure == nil, otherBytes > maxOtherBytes { failure = tooLarge("hơn \(maxOtherBytes / 1024) KB ngoài tệp") }
        }
        parser.onPartComplete = {
            if part?.name == "file" { fileComplete = true }
            part = nil
        }
        let start = ContinuousClock.now
        var received = 0
        do {
            for try await chunk in request.body {
                try parser.execute(chunk)
                if let failure { throw failure }
                received += chunk.readableBytes
                if floor.tooSlow(bytes: received, after: .now - start) { throw RateFloor.error }
            }
            // A body cut off mid-part never completes that part.
            guard fileComplete, part == nil, let fileName, !fileName.isEmpty else {
                throw HTTPError(.badRequest, message: "Tệp tải lên bị thiếu hoặc bị cắt giữa chừng. Hãy chọn tệp và gửi lại.")
            }
            try check(fields)
            return Form(fileName: fileName, fields: fields)
        } catch {
            writer.abandon()
            if let e = error as? PortalError { throw e.http }
            if error is HTTPError { throw error }
            throw HTTPError(.badRequest, message: "Biểu mẫu tải lên không đọc được (multipart hỏng).")
        }
    }

    /// `name="x"` in a Content-Disposition header.
    private static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let pair = piece.trimmingCharacters(in: .whitespaces)
            guard pair.lowercased().hasPrefix(key + "=") else { continue }
            return String(pair.dropFirst(key.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
