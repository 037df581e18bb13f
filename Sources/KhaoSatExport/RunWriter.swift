import Foundation

/// Writes a run's files so that a crash never leaves a half-written one: every file goes to
/// a temporary name in the same folder, is flushed to disk, and only when all are written
/// are they renamed into place, `content3.json` last (it carries the others' SHA-256).
package struct RunWriter {
    package let directory: String

    package init(directory: String) { self.directory = directory }

    package func write(_ files: [(name: String, bytes: [UInt8])]) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ExportError.cannotWrite(directory, "đây là một tệp, không phải thư mục")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ExportError.cannotWrite(directory, "không tạo được thư mục")
        }
        let tag = ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        var written: [(temp: String, final: String)] = []
        do {
            for file in files {
                let temp = directory + "/." + file.name + tag
                try Self.writeAndSync(file.bytes, to: temp)
                written.append((temp, directory + "/" + file.name))
            }
        } catch {
            for w in written { unlink(w.temp) }
            throw error
        }
        for w in written where rename(w.temp, w.final) != 0 {
            throw ExportError.cannotWrite(w.final, String(cString: strerror(errno)))
        }
        let dir = open(directory, O_RDONLY)
        if dir >= 0 { fsync(dir); close(dir) }
    }

    private static func writeAndSync(_ bytes: [UInt8], to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)),
              let handle = FileHandle(forUpdatingAtPath: path) else {
            throw ExportError.cannotWrite(path, "không tạo được tệp")
        }
        defer { try? handle.close() }
        try handle.synchronize()
    }
}
