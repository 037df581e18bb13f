import Foundation
@testable import KhaoSatQuestionnaire
import XCTest

/// `ChoiceList` keeps its choices column-wise; what it hands out must be what went in.
final class ChoiceListTests: XCTestCase {
    private let choices = [
        Choice(name: "rat_hl", labels: ["vi": "Rất hài lòng", "en": "Very satisfied"], score: 1, line: 2),
        Choice(name: "hl", labels: ["vi": "Hài lòng"], score: 0.75, line: 3),
        Choice(name: "kb", labels: [:], score: nil, line: 4),
        Choice(name: "", labels: ["": "tên trống"], score: 0.75, line: 5),
        Choice(name: "hl", labels: ["vi": "Hài lòng (lặp)"], score: 0, line: 6),
    ]

    func testChoicesComeBackAsTheyWentIn() {
        let list = ChoiceList(name: "muc", choices: choices)
        XCTAssertEqual(Array(list.choices), choices)
        XCTAssertEqual(Array(list.scores), [1, 0.75, nil, 0.75, 0])
        XCTAssertEqual(list.choice(named: "hl")?.line, 3, "the first of a repeated name")
        XCTAssertEqual(list.score(of: "rat_hl"), 1)
        XCTAssertNil(list.score(of: "kb"), "not counted")
        XCTAssertNil(list.score(of: "khong_co"))
        XCTAssertEqual(list.choice(named: "")?.labels, ["": "tên trống"])
        XCTAssertEqual(list, ChoiceList(name: "muc", choices: choices))
        XCTAssertNotEqual(list, ChoiceList(name: "muc", choices: choices.dropLast()))
    }

    func testEncodedAsAPlainListOfChoices() throws {
        let list = ChoiceList(name: "muc", choices: choices)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        struct Plain: Encodable { var name: String; var choices: [Choice] }
        XCTAssertEqual(try encoder.encode(list), try encoder.encode(Plain(name: "muc", choices: choices)))
        XCTAssertEqual(try JSONDecoder().decode(ChoiceList.self, from: encoder.encode(list)), list)
    }

    /// Long lists (every village of a region) are found by name through the hash table as it grows.
    func testEveryNameOfALongListIsFound() {
        var list = ChoiceList(name: "thon")
        for i in 0..<20_000 { list.append(Choice(name: "t\(i)", labels: ["vi": "Thôn \(i)"], score: nil, line: i + 2)) }
        for i in stride(from: 0, to: 20_000, by: 997) {
            XCTAssertEqual(list.choice(named: "t\(i)"), Choice(name: "t\(i)", labels: ["vi": "Thôn \(i)"], score: nil, line: i + 2))
        }
        XCTAssertNil(list.choice(named: "t20000"))
    }
}
