import Foundation
import Hummingbird
import KhaoSatPortal

/// File responses for pages and API alike: streamed from disk, saved under `name`.
enum Download {
    static func file(_ path: String, as name: String, context: PortalContext) async throws -> Response {
        let body = try await FileIO().loadFile(path: path, context: context)
        return Response(status: .ok, headers: headers(name), body: body)
    }

    /// A stored file; a sealed one is opened a chunk at a time as it is sent, never written plain.
    static func stored(_ file: StoredFile, as name: String, context: PortalContext) async throws -> Response {
        switch file {
        case .plain(let path): return try await Self.file(path, as: name, context: context)
        case .sealed(let reader):
            return Response(status: .ok, headers: headers(name), body: ResponseBody { writer in
                while let chunk = try reader.next() { try await writer.write(ByteBuffer(bytes: chunk)) }
                try await writer.finish(nil)
            })
        }
    }

    static func bytes(_ bytes: [UInt8], as name: String) -> Response {
        Response(status: .ok, headers: headers(name), body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The name only ever appears quoted in a header, ASCII-safe, with the UTF-8 original beside it.
    private static func headers(_ name: String) -> HTTPFields {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? Character($0) : "_" })
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_"))) ?? ascii
        let type = name.hasSuffix(".json") ? "application/json" : name.hasSuffix(".csv") ? "text/csv; charset=utf-8"
            : name.hasSuffix(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "application/octet-stream"
        return [.contentType: type, .contentDisposition: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"]
    }
}
