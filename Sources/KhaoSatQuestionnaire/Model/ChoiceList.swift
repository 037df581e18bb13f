import Foundation

package struct Choice: Sendable, Hashable, Codable {
    package var name: String
    package var labels: Labels
    /// Credit from 0 to 1; nil means "not counted" (Không biết / Không trả lời).
    package var score: Decimal?
    package var line: Int

    package init(name: String, labels: Labels, score: Decimal?, line: Int) {
        self.name = name
        self.labels = labels
        self.score = score
        self.line = line
    }
}

/// A choice list, stored column-wise: names and labels in one UTF-8 buffer, a few integers per
/// choice. Lists of every village of a region in three languages are what make forms big, and
/// a `Choice` value each (a dictionary of labels, a string per label) costs several times the text.
/// `choices` hands out `Choice` values as they are read.
package struct ChoiceList: Sendable, Hashable, Codable {
    package var name: String
    private var text: [UInt8] = []
    /// Label keys, in the order first seen.
    private var languages: [String] = []
    private var languageIndex: [String: Int32] = [:]
    private var entries: [Entry] = []
    /// Per label: where its text ends, and its language's index in `languages`.
    private var labelEnds: [Int] = []
    private var labelLanguages: [Int32] = []
    /// Distinct scores; an entry's `score` indexes it (−1: not counted).
    private var distinctScores: [Decimal] = []
    private var scoreIndex: [Decimal: Int32] = [:]
    /// Open-addressing table of entry indices by name (−1: empty), at most half full: the first
    /// choice of each name, found without making strings (a `[String: Int]` costs more than the text).
    private var slots: [Int32] = []

    private struct Entry: Sendable {
        var nameEnd: Int
        /// End of its labels in `labelEnds`; its text ends where its last label does.
        var labelsEnd: Int
        var line: Int32
        var score: Int32
    }

    package init(name: String, choices: some Sequence<Choice> = []) {
        self.name = name
        for c in choices { append(c) }
    }

    package mutating func append(_ choice: Choice) {
        append(name: choice.name, labels: choice.labels.sorted { $0.key < $1.key }, score: choice.score, line: choice.line)
    }

    /// `labels`: (language, text) pairs, each language once.
    mutating func append(name: String, labels: some Sequence<(key: String, value: String)>, score: Decimal?, line: Int) {
        text.append(contentsOf: name.utf8)
        let nameEnd = text.count
        for (language, label) in labels {
            let index = languageIndex[language] ?? Int32(languages.count)
            if index == languages.count {
                languageIndex[language] = index
                languages.append(language)
            }
            text.append(contentsOf: label.utf8)
            labelEnds.append(text.count)
            labelLanguages.append(index)
        }
        var scoreRef: Int32 = -1
        if let score {
            if let i = scoreIndex[score] { scoreRef = i } else {
                scoreRef = Int32(distinctScores.count)
                scoreIndex[score] = scoreRef
                distinctScores.append(score)
            }
        }
        entries.append(Entry(nameEnd: nameEnd, labelsEnd: labelEnds.count, line: Int32(clamping: line), score: scoreRef))
        if entries.count * 2 > slots.count {
            slots = Array(repeating: -1, count: max(16, slots.count * 2))
            for i in entries.indices { insert(i) }
        } else {
            insert(entries.count - 1)
        }
    }

    private mutating func insert(_ i: Int) {
        let (start, end) = nameBounds(i)
        let found = text.withUnsafeBufferPointer { probe(UnsafeBufferPointer(rebasing: $0[start..<end]), in: $0) }
        if slots[found.slot] < 0 { slots[found.slot] = Int32(i) }
    }

    /// The slot holding `name`, or the empty slot where it would go.
    private func probe(_ name: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> (slot: Int, index: Int?) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask  // FNV's low bits cluster
        while true {
            let i = Int(slots[slot])
            if i < 0 { return (slot, nil) }
            let (start, end) = nameBounds(i)
            if end - start == name.count, name.isEmpty || memcmp(text.baseAddress! + start, name.baseAddress!, name.count) == 0 {
                return (slot, i)
            }
            slot = (slot + 1) & mask
        }
    }

    private func nameBounds(_ i: Int) -> (Int, Int) { (i == 0 ? 0 : textEnd(of: i - 1), entries[i].nameEnd) }

    package var choices: Choices { Choices(list: self) }

    package func choice(named name: String) -> Choice? { index(named: name).map { choices[$0] } }

    /// The score of the choice named `name`; nil when there is none or it is not counted.
    package func score(of name: String) -> Decimal? {
        index(named: name).flatMap(score(at:))
    }

    /// The score of each choice, in order (nil: not counted).
    package var scores: LazyMapCollection<Range<Int>, Decimal?> { entries.indices.lazy.map(score(at:)) }

    private func score(at i: Int) -> Decimal? {
        entries[i].score < 0 ? nil : distinctScores[Int(entries[i].score)]
    }

    /// The first choice named `name`.
    func index(named name: String) -> Int? {
        guard !slots.isEmpty else { return nil }
        var name = name
        return name.withUTF8 { wanted in text.withUnsafeBufferPointer { probe(wanted, in: $0).index } }
    }

    /// The line of the first choice named `name`, for a duplicate's message.
    func line(ofFirst name: String) -> Int? { index(named: name).map { Int(entries[$0].line) } }

    /// The choices in sheet order, each made when it is read.
    package struct Choices: RandomAccessCollection, Sendable {
        fileprivate let list: ChoiceList
        package var startIndex: Int { 0 }
        package var endIndex: Int { list.entries.count }

        package subscript(i: Int) -> Choice {
            let l = list, e = l.entries[i]
            let start = l.nameBounds(i).0
            var labels: Labels = [:]
            var from = e.nameEnd
            for k in (i == 0 ? 0 : l.entries[i - 1].labelsEnd)..<e.labelsEnd {
                let end = l.labelEnds[k]
                labels[l.languages[Int(l.labelLanguages[k])]] = l.string(from, end)
                from = end
            }
            return Choice(name: l.string(start, e.nameEnd), labels: labels, score: l.score(at: i), line: Int(e.line))
        }
    }

    private func textEnd(of i: Int) -> Int {
        let e = entries[i]
        let firstLabel = i == 0 ? 0 : entries[i - 1].labelsEnd
        return e.labelsEnd > firstLabel ? labelEnds[e.labelsEnd - 1] : e.nameEnd
    }

    private func string(_ start: Int, _ end: Int) -> String {
        text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    // Equal and hashed by content, encoded as a plain list of choices.

    package static func == (a: ChoiceList, b: ChoiceList) -> Bool {
        a.name == b.name && a.choices.elementsEqual(b.choices)
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(entries.count)
    }

    private enum CodingKeys: String, CodingKey { case name, choices }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), choices: try c.decode([Choice].self, forKey: .choices))
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(Array(choices), forKey: .choices)
    }
}

extension ChoiceList {
    /// `select_one X or_other`: the list with an "other" answer, unscored unless the
    /// choices sheet already has an `other` choice (which then keeps its own score).
    func withOther() -> ChoiceList {
        var list = ChoiceList(name: name + " or_other", choices: choices)
        if choice(named: "other") == nil {
            list.append(Choice(name: "other", labels: ["": "Khác"], score: nil, line: choices.last?.line ?? 0))
        }
        return list
    }

    /// A scored `range`: one choice per step, named by its value, credited linearly from 0 at
    /// `start` to 1 at `end`. Parameters as pyxform reads them (defaults start=1 end=10 step=1).
    static func forRange(question: String, parameters: String) -> Result<ChoiceList, InvalidRange> {
        var values: [String: Decimal] = ["start": 1, "end": 10, "step": 1]
        for item in parameters.split(whereSeparator: { " ,;\t".contains($0) }) {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.count == 2, ["start", "end", "step"].contains(parts[0]) else { continue }
            guard let v = Decimals.parse(parts[1]) else { return .failure(InvalidRange("\"\(item)\" không phải là số")) }
            values[parts[0]] = v
        }
        let (start, end, step) = (values["start"]!, values["end"]!, values["step"]!)
        guard step != 0, start != end, (end - start) / step > 0 else {
            return .failure(InvalidRange("cần start khác end và step đi từ start đến end"))
        }
        let count = (end - start) / step
        guard count == Decimals.rounded(count, scale: 0), count <= 1000 else {
            return .failure(InvalidRange("(end − start) phải chia hết cho step và có tối đa 1000 bước"))
        }
        var choices: [Choice] = []
        var value = start
        for _ in 0...NSDecimalNumber(decimal: count).intValue {
            choices.append(Choice(name: value.description, labels: [:], score: (value - start) / (end - start), line: 0))
            value += step
        }
        return .success(ChoiceList(name: "range " + question, choices: choices))
    }
}

