import Foundation

/// Receives what `XMLScanner` finds. Names are local names (the prefix of `x:row` dropped).
/// Handlers are values passed `inout`: a class's stored properties would be checked for
/// overlapping access at run time on every cell.
protocol XMLHandler {
    mutating func start(_ name: XMLBytes, attributes: XMLBytes) throws
    mutating func end(_ name: XMLBytes) throws
    /// Character data between tags; `raw` for CDATA, whose content has no references to decode.
    mutating func text(_ text: XMLBytes, raw: Bool) throws
}

/// A slice of the part's bytes, valid only during the call that hands it over.
struct XMLBytes {
    let bytes: UnsafeBufferPointer<UInt8>

    func `is`(_ name: StaticString) -> Bool {
        name.utf8CodeUnitCount == bytes.count && memcmp(name.utf8Start, bytes.baseAddress!, bytes.count) == 0
    }

    /// The value of attribute `name` (by local name), decoded; nil when absent.
    func attribute(_ name: StaticString) -> String? {
        var found: XMLBytes?
        forEachAttribute { local, value in
            guard found == nil, local.is(name) else { return }
            found = value
        }
        return found?.decoded()
    }

    /// Each attribute's local name and raw value, in order, without making strings.
    func forEachAttribute(_ body: (_ name: XMLBytes, _ value: XMLBytes) -> Void) {
        var i = 0
        let n = bytes.count
        while i < n {
            while i < n, isSpace(bytes[i]) { i += 1 }
            let nameStart = i
            while i < n, bytes[i] != 0x3D, !isSpace(bytes[i]) { i += 1 }  // '='
            var local = nameStart
            for j in nameStart..<i where bytes[j] == 0x3A { local = j + 1 }  // ':'
            let nameEnd = i
            while i < n, bytes[i] != 0x22, bytes[i] != 0x27 { i += 1 }  // opening quote
            guard i < n else { return }
            let quote = bytes[i]
            let valueStart = i + 1
            i = valueStart
            while i < n, bytes[i] != quote { i += 1 }
            let value = XMLBytes(bytes: UnsafeBufferPointer(rebasing: bytes[valueStart..<min(i, n)]))
            i += 1
            body(XMLBytes(bytes: UnsafeBufferPointer(rebasing: bytes[local..<nameEnd])), value)
        }
    }

    /// A non-negative decimal integer; nil for anything else (or more than 9 digits).
    var integer: Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var n = 0
        for b in bytes {
            guard b >= 48, b <= 57 else { return nil }
            n = n * 10 + Int(b - 48)
        }
        return n
    }

    /// The text with `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and `&#…;` resolved and line
    /// breaks normalised to LF, as XML requires.
    func decoded() -> String {
        guard bytes.contains(where: { $0 == 0x26 || $0 == 0x0D }) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x0D {
                out.append(0x0A)
                i += (i + 1 < n && bytes[i + 1] == 0x0A) ? 2 : 1
                continue
            }
            guard b == 0x26, let semicolon = bytes[i..<min(n, i + 12)].firstIndex(of: 0x3B) else {
                out.append(b)
                i += 1
                continue
            }
            let entity = String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<semicolon]), as: UTF8.self)
            var scalar: Unicode.Scalar?
            switch entity {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") { scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
                else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init) }
            }
            if let scalar {
                out.append(contentsOf: Array(String(scalar).utf8))
                i = semicolon + 1
            } else {
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

@inline(__always) private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

/// A streaming reader for the XML of workbook parts, fed chunk by chunk as they are
/// unpacked: elements with their attributes, and text. Comments, processing instructions and
/// the DOCTYPE are skipped; CDATA is text. It checks only what it needs to read a part, so a
/// part that is cut off or garbled is refused with the byte where reading stopped.
///
/// Hand-written because Foundation's `XMLParser` builds a dictionary of attributes and
/// bridged strings for every element: on a worksheet (one `<c>` per cell) that made reading
/// a large workbook several times slower than unpacking it (docs/design.md).
struct XMLScanner {
    /// Unconsumed bytes: an element or text cut by the chunk boundary.
    private var pending: [UInt8] = []
    private(set) var consumed = 0
    /// Excel caps a cell at 32 767 characters; a run of text far longer is a broken part.
    static let maxPending = 64 << 20

    enum Failure: Error { case truncated(offset: Int), tooLong(offset: Int) }

    mutating func feed<H: XMLHandler>(_ chunk: Data, to handler: inout H) throws {
        pending.append(contentsOf: chunk)
        let used = try pending.withUnsafeBufferPointer { try Self.scan($0, &handler) }
        consumed += used
        pending.removeFirst(used)
        if pending.count > Self.maxPending { throw Failure.tooLong(offset: consumed) }
    }

    /// After the last chunk: anything left but white space is an unfinished construct.
    func finish() throws {
        if pending.contains(where: { !isSpace($0) }) { throw Failure.truncated(offset: consumed) }
    }

    /// Scans what is complete; returns how many bytes were used.
    private static func scan<H: XMLHandler>(_ b: UnsafeBufferPointer<UInt8>, _ handler: inout H) throws -> Int {
        let n = b.count
        var i = 0
        func slice(_ from: Int, _ to: Int) -> XMLBytes { XMLBytes(bytes: UnsafeBufferPointer(rebasing: b[from..<to])) }
        func find(_ pattern: [UInt8], from: Int) -> Int? {
            var j = from
            while j + pattern.count <= n {
                if b[j] == pattern[0], pattern.indices.allSatisfy({ b[j + $0] == pattern[$0] }) { return j }
                j += 1
            }
            return nil
        }
        func localName(_ from: Int, _ to: Int) -> XMLBytes {
            var start = from
            for j in from..<to where b[j] == 0x3A { start = j + 1 }
            return slice(start, to)
        }
        while i < n {
            guard b[i] == 0x3C else {  // text up to the next '<'
                var j = i
                while j < n, b[j] != 0x3C { j += 1 }
                guard j < n else { return i }
                try handler.text(slice(i, j), raw: false)
                i = j
                continue
            }
            guard i + 1 < n else { return i }
            switch b[i + 1] {
            case 0x2F:  // </name>
                var k = i + 2
                while k < n, b[k] != 0x3E { k += 1 }
                guard k < n else { return i }
                var end = k
                while end > i + 2, isSpace(b[end - 1]) { end -= 1 }
                try handler.end(localName(i + 2, end))
                i = k + 1
            case 0x3F:  // <? … ?>
                guard let k = find([0x3F, 0x3E], from: i + 2) else { return i }
                i = k + 2
            case 0x21:  // <!-- … -->, <![CDATA[ … ]]>, <!DOCTYPE … >
                if i + 4 <= n, b[i + 2] == 0x2D, b[i + 3] == 0x2D {
                    guard let k = find([0x2D, 0x2D, 0x3E], from: i + 4) else { return i }
                    i = k + 3
                } else if i + 9 <= n, b[i + 2] == 0x5B, b[i + 3] == 0x43 {  // "[C"
                    guard let k = find([0x5D, 0x5D, 0x3E], from: i + 9) else { return i }
                    try handler.text(slice(i + 9, k), raw: true)
                    i = k + 3
                } else if i + 9 > n {
                    return i
                } else {
                    guard let k = find([0x3E], from: i + 2) else { return i }
                    i = k + 1
                }
            default:  // <name attributes> or <name attributes/>
                var k = i + 1
                var quote: UInt8 = 0
                while k < n {
                    let c = b[k]
                    if quote != 0 { if c == quote { quote = 0 } } else if c == 0x22 || c == 0x27 { quote = c } else if c == 0x3E { break }
                    k += 1
                }
                guard k < n else { return i }
                let selfClosing = b[k - 1] == 0x2F
                var nameEnd = i + 1
                while nameEnd < k, !isSpace(b[nameEnd]), b[nameEnd] != 0x2F, b[nameEnd] != 0x3E { nameEnd += 1 }
                let name = localName(i + 1, nameEnd)
                try handler.start(name, attributes: slice(nameEnd, selfClosing ? k - 1 : k))
                if selfClosing { try handler.end(name) }
                i = k + 1
            }
        }
        return i
    }
}
