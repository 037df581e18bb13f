import Foundation
@testable import KhaoSatXLSX
import XCTest

/// The scanner must give the same events however the part is cut into chunks.
final class XMLScannerTests: XCTestCase {
    private final class Recorder: XMLHandler {
        var events: [String] = []
        func start(_ name: XMLBytes, attributes: XMLBytes) {
            events.append("<" + String(decoding: name.bytes, as: UTF8.self) + (attributes.attribute("r").map { " r=" + $0 } ?? ""))
        }
        func end(_ name: XMLBytes) { events.append("/" + String(decoding: name.bytes, as: UTF8.self)) }
        func text(_ text: XMLBytes, raw: Bool) {
            let t = raw ? String(decoding: text.bytes, as: UTF8.self) : text.decoded()
            if !t.allSatisfy(\.isWhitespace) { events.append("'" + t + "'") }
        }
    }

    private let part = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- a comment with <tags> inside -->
        <x:worksheet xmlns:x="urn:x"><x:sheetData>
        <x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Đắk &amp; Lắk &lt;3&gt; &#7841;&#x1EA1; &quot;q&apos;</x:t></x:is></x:c>
        <x:c r='B1' s="2"><x:v>42</x:v></x:c><x:c r="C1"/></x:row>
        <x:row r="2"><x:c r="A2" t="str"><x:v><![CDATA[a <b> & c]]></x:v></x:c></x:row>
        </x:sheetData></x:worksheet>
        """

    private let expected = [
        "<worksheet", "<sheetData", "<row r=1", "<c r=A1", "<is", "<t", "'Đắk & Lắk <3> ạạ \"q''", "/t", "/is", "/c",
        "<c r=B1", "<v", "'42'", "/v", "/c", "<c r=C1", "/c", "/row",
        "<row r=2", "<c r=A2", "<v", "'a <b> & c'", "/v", "/c", "/row", "/sheetData", "/worksheet",
    ]

    private func events(chunk: Int) throws -> [String] {
        let bytes = Array(part.utf8)
        var scanner = XMLScanner()
        var recorder = Recorder()
        var i = 0
        while i < bytes.count {
            try scanner.feed(Data(bytes[i..<min(bytes.count, i + chunk)]), to: &recorder)
            i += chunk
        }
        try scanner.finish()
        return recorder.events
    }

    func testEveryChunkSizeGivesTheSameEvents() throws {
        for chunk in [1, 2, 3, 7, 64, 100_000] {
            XCTAssertEqual(try events(chunk: chunk), expected, "chunks of \(chunk) bytes")
        }
    }

    func testACutOffPartIsRefusedWithWhereItStopped() throws {
        var scanner = XMLScanner()
        var recorder = Recorder()
        try scanner.feed(Data("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B".utf8), to: &recorder)
        XCTAssertThrowsError(try scanner.finish()) {
            guard case .truncated(let offset)? = $0 as? XMLScanner.Failure else { return XCTFail("\($0)") }
            XCTAssertEqual(offset, 33, "11 + 10 + 3 + 1 + 4 + 4 bytes come before the unfinished <c")
        }
    }
}
