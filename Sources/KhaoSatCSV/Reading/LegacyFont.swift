import Foundation

/// Recognises text typed with the legacy Vietnamese fonts (TCVN3/ABC ".VnTime", VNI):
/// "Hµ Néi" and "Haø Noäi" are "Hà Nội" in those fonts, stored as Latin-1 letters.
///
/// It does not look at single characters (Spanish "España", German "Müller" and French
/// « … » use the same ones) but at how the text reads: a line is legacy when its words are
/// not Vietnamese syllables as they stand, but are once decoded from TCVN3 or VNI.
package enum LegacyFont {
    /// How a text reads: typed in a legacy font, Vietnamese in Unicode, or neither.
    package enum Reading: Equatable, Sendable {
        case legacy(LegacyFontEncoding)
        case vietnamese
        case neutral
    }

    /// The encoding the text is written in, or nil when it reads as it stands.
    /// `legacyView`: the field's raw bytes as Latin-1, when they were not UTF-8.
    package static func classify(_ text: String, legacyView: String? = nil) -> LegacyFontEncoding? {
        if case .legacy(let encoding) = read(text, legacyView: legacyView) { return encoding }
        return nil
    }

    package static func read(_ text: String, legacyView: String? = nil) -> Reading {
        var cache = SyllableCache()
        return read(text, legacyView: legacyView, cache: &cache)
    }

    static func read(_ text: String, legacyView: String?, cache: inout SyllableCache) -> Reading {
        // The fast path for most Vietnamese text: letters no legacy font can produce (ạ, ư, đ …),
        // and none of the Latin-1 letters Vietnamese does not use.
        if legacyView == nil {
            var vietnameseOnly = false
            for scalar in text.unicodeScalars {
                let v = scalar.value
                if v >= 0xA1, v <= 0xFF, !vietnameseLatin1.contains(v) { vietnameseOnly = false; break }
                if !vietnameseOnly, isVietnameseOnly(v) { vietnameseOnly = true }
            }
            if vietnameseOnly { return .vietnamese }
        }
        let view = legacyView ?? text
        guard view.unicodeScalars.contains(where: { $0.value >= 0xA1 && $0.value <= 0xFF }) else {
            return text.unicodeScalars.contains(where: { $0.value >= 0x100 }) && readsAsVietnamese(words(text), &cache) > 0
                ? .vietnamese : .neutral
        }
        let asIs = words(text)
        let validAsIs = asIs.filter { cache.isValid($0) }.count
        let legacyWords = legacyView == nil ? asIs : words(view)
        var best: (encoding: LegacyFontEncoding, valid: Int)?
        for encoding in [LegacyFontEncoding.tcvn3, .vni] {
            var valid = 0, improved = 0, counted = 0
            for word in legacyWords {
                switch cache.decoded(word, from: encoding) {
                case .abbreviation: continue  // UBND, QĐ, TNHH: no syllables in any language
                case .invalid: counted += 1
                case .valid(let better):
                    counted += 1
                    valid += 1
                    if better { improved += 1 }
                }
            }
            // Most of the words must read as Vietnamese once decoded, and more than as they stand.
            guard improved > 0, valid > validAsIs, valid * 2 > counted else { continue }
            if let b = best, valid < b.valid || (valid == b.valid && !marksFollowVowels(view)) { continue }
            best = (encoding, valid)
        }
        if let best { return .legacy(best.encoding) }
        return readsAsVietnamese(asIs, &cache) > 0 ? .vietnamese : .neutral
    }

    /// VNI writes shape and tone after the vowel they sit on, in the vowel's case; TCVN3 puts
    /// its letters anywhere. The tie-break when a line reads as Vietnamese in both.
    private static func marksFollowVowels(_ view: String) -> Bool {
        var previous: Unicode.Scalar = " ", modifiers = 0
        for scalar in view.unicodeScalars {
            let v = scalar.value
            if vniModifiers[v] != nil {
                let upper = v < 0xE0
                guard (upper ? "AEIOUYÔÖ" : "aeiouyôö").unicodeScalars.contains(previous) else { return false }
                modifiers += 1
            }
            previous = scalar
        }
        return modifiers > 0
    }

    /// Letters of Vietnamese beyond Latin-1: ă đ ĩ ũ ơ ư and the letters with a tone (ạ … ỹ).
    static func isVietnameseOnly(_ v: UInt32) -> Bool {
        switch v {
        case 0x102, 0x103, 0x110, 0x111, 0x128, 0x129, 0x168, 0x169, 0x1A0, 0x1A1, 0x1AF, 0x1B0, 0x1EA0...0x1EF9: return true
        default: return false
        }
    }

    /// The Latin-1 letters Vietnamese uses (à á â ã è é ê ì í ò ó ô õ ù ú ý, either case).
    private static let vietnameseLatin1: Set<UInt32> = Set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ".unicodeScalars.map(\.value))

    /// Words with a letter beyond ASCII that are Vietnamese syllables.
    private static func readsAsVietnamese(_ words: [String], _ cache: inout SyllableCache) -> Int {
        words.filter { $0.unicodeScalars.contains { $0.value >= 0x80 } && cache.isValid($0) }.count
    }

    /// Runs of letters, with the Latin-1 symbols legacy fonts use as letters (µ ¸ ¹ « ®).
    static func words(_ text: String) -> [String] {
        var words: [String] = [], current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if scalar.properties.isAlphabetic || (v >= 0xA1 && v <= 0xFF)
                || (0x300...0x36F).contains(v) {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        // A single letter is an initial ("Nguyễn Văn A"), in any language.
        return words.filter { $0.unicodeScalars.count > 1 }
    }

    /// The word as it was meant, reading each Latin-1 letter as the font's glyph.
    static func decode(_ word: String, from encoding: LegacyFontEncoding) -> String {
        var out = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            let v = scalar.value
            switch encoding {
            case .tcvn3:
                if let s = tcvn3[v] { out.append(contentsOf: s.unicodeScalars) } else { out.append(scalar) }
            case .vni:
                if let marks = vniModifiers[v], let last = out.last, "aeiouyAEIOUYơưƠƯ".unicodeScalars.contains(last) {
                    out.append(contentsOf: marks.unicodeScalars)
                } else if let s = vniLetters[v] {
                    out.append(contentsOf: s.unicodeScalars)
                } else {
                    out.append(scalar)
                }
            }
        }
        return String(out).precomposedStringWithCanonicalMapping
    }

    /// TCVN3 (ABC): one byte per letter, tone and shape included.
    private static let tcvn3: [UInt32: String] = {
        var map: [UInt32: String] = [:]
        let rows: [(String, [UInt32])] = [
            ("àảãáạ", [0xB5, 0xB6, 0xB7, 0xB8, 0xB9]), ("ằẳẵắặ", [0xBB, 0xBC, 0xBD, 0xBE, 0xC6]),
            ("ầẩẫấậ", [0xC7, 0xC8, 0xC9, 0xCA, 0xCB]), ("èẻẽéẹ", [0xCC, 0xCE, 0xCF, 0xD0, 0xD1]),
            ("ềểễếệ", [0xD2, 0xD3, 0xD4, 0xD5, 0xD6]), ("ìỉĩíị", [0xD7, 0xD8, 0xDC, 0xDD, 0xDE]),
            ("òỏõóọ", [0xDF, 0xE1, 0xE2, 0xE3, 0xE4]), ("ồổỗốộ", [0xE5, 0xE6, 0xE7, 0xE8, 0xE9]),
            ("ờởỡớợ", [0xEA, 0xEB, 0xEC, 0xED, 0xEE]), ("ùủũúụ", [0xEF, 0xF1, 0xF2, 0xF3, 0xF4]),
            ("ừửữứự", [0xF5, 0xF6, 0xF7, 0xF8, 0xF9]), ("ỳỷỹýỵ", [0xFA, 0xFB, 0xFC, 0xFD, 0xFE]),
            ("ăâêôơưđ", [0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE]), ("ĂÂÊÔƠƯĐ", [0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7]),
        ]
        for (letters, codes) in rows { for (letter, code) in zip(letters, codes) { map[code] = String(letter) } }
        return map
    }()

    /// VNI: a base letter followed by a byte carrying its shape and tone.
    private static let vniModifiers: [UInt32: String] = {
        let (acute, grave, hook, tilde, dot) = ("\u{301}", "\u{300}", "\u{309}", "\u{303}", "\u{323}")
        let (circumflex, breve) = ("\u{302}", "\u{306}")
        var map: [UInt32: String] = [:]
        for (lower, marks) in [
            (0xF9, acute), (0xF8, grave), (0xFB, hook), (0xF5, tilde), (0xEF, dot),
            (0xE2, circumflex), (0xE1, circumflex + acute), (0xE0, circumflex + grave), (0xE5, circumflex + hook),
            (0xE3, circumflex + tilde), (0xE4, circumflex + dot),
            (0xEA, breve), (0xE9, breve + acute), (0xE8, breve + grave), (0xFA, breve + hook),
            (0xFC, breve + tilde), (0xEB, breve + dot),
        ] as [(UInt32, String)] {
            map[lower] = marks
            map[lower - 0x20] = marks  // the capital of each Latin-1 letter is 0x20 below it
        }
        return map
    }()

    /// VNI letters that stand alone: ơ ư đ and the toned i and ỵ.
    private static let vniLetters: [UInt32: String] = [
        0xF4: "ơ", 0xF6: "ư", 0xF1: "đ", 0xED: "í", 0xEC: "ì", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị", 0xEE: "ỵ",
        0xD4: "Ơ", 0xD6: "Ư", 0xD1: "Đ", 0xCD: "Í", 0xCC: "Ì", 0xC6: "Ỉ", 0xD3: "Ĩ", 0xD2: "Ị", 0xCE: "Ỵ",
    ]
}

/// Whether a word is spelled as a Vietnamese syllable: onset, rhyme, at most one tone,
/// and a sắc or nặng tone on a rhyme closed by c, ch, p or t.
enum VietnameseSyllable {
    static func isValid(_ word: String) -> Bool {
        guard word.unicodeScalars.count <= 8 else { return false }
        var letters = String.UnicodeScalarView(), tone: UInt32 = 0, tones = 0, base = -1, toned = -1
        for scalar in word.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x300, 0x301, 0x303, 0x309, 0x323:
                tone = scalar.value
                tones += 1
                toned = base
            case 0x302, 0x306, 0x31B:
                letters.append(scalar)
            case 0x61...0x7A, 0x111:
                letters.append(scalar)
                base += 1
            default:
                return false
            }
        }
        guard tones <= 1 else { return false }
        let plain = String(letters).precomposedStringWithCanonicalMapping
        for onset in onsets where plain.hasPrefix(onset) {
            let rhyme = Array(plain.dropFirst(onset.count))
            guard rhymes.contains(String(rhyme)) else { continue }
            if stopEndings.contains(where: { String(rhyme).hasSuffix($0) }), tone != 0x301, tone != 0x323 { continue }
            if tones == 1 {
                guard !rhyme.isEmpty, tonePositions(rhyme).contains(toned - onset.count) else { continue }
            }
            return true
        }
        return false
    }

    /// Where the tone mark may sit in a rhyme: on the shaped vowel (ê, ơ, ô …), on the last
    /// vowel before a final consonant, on either vowel of oa, oe, uy (old and new style),
    /// on the middle of three vowels, else on the first.
    private static func tonePositions(_ rhyme: [Character]) -> [Int] {
        let vowels = rhyme.indices.filter { "aăâeêioôơuưy".contains(rhyme[$0]) }
        guard let last = vowels.last else { return [] }
        if let shaped = vowels.last(where: { "ăâêôơư".contains(rhyme[$0]) }) { return [shaped] }
        if vowels.count == 1 || last < rhyme.count - 1 { return [last] }
        if ["oa", "oe", "uy"].contains(String(vowels.map { rhyme[$0] })) { return vowels }
        return vowels.count == 3 ? [vowels[1]] : [vowels[0]]
    }

    /// With the clusters and final k of the Central Highlands' names (Krông Búk, Đắk Lắk, Kmăl, Bhăng).
    private static let onsets = [
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
        "kr", "dr", "bl", "br", "dl", "kl", "km", "kn", "kt", "pl", "pr", "bh", "hr", "y", "w",
        "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
    ]

    private static let stopEndings = ["c", "ch", "p", "t", "k"]

    private static let rhymes: Set<String> = Set("""
        a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
        e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
        i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
        o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oc oe oen oeo oet oi om on ong
        ooc oong op ot ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
        u ua uân uâng uât uây uc uê uêch uênh ui um un ung uơ uôc uôi uôm uôn uông uôt up ut
        uy uya uych uyên uyêt uynh uyt uyu ư ưa ưc ưi ưm ưn ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu
        y yêm yên yêt yêu ak ăk âk ek êk ok ôk uk ưk ea
        al ăl âl el êl il ol ôl ơl ul ưl uôl ar ăr âr er êr ir or ôr ơr ur ưr uôr oh
        """.split(whereSeparator: \.isWhitespace).map { String($0).precomposedStringWithCanonicalMapping })
}

/// What a word reads as, remembered: a file repeats the same few thousand words.
struct SyllableCache: Sendable {
    /// A word decoded from a legacy font: a syllable (`better` when only after decoding), an
    /// abbreviation, or neither.
    enum Decoded: Sendable { case valid(better: Bool), abbreviation, invalid }

    private var known: [String: Bool] = [:]
    private var decodings: [String: (tcvn3: Decoded, vni: Decoded)] = [:]
    private static let limit = 100_000

    mutating func isValid(_ word: String) -> Bool {
        if let v = known[word] { return v }
        let v = VietnameseSyllable.isValid(word)
        if known.count < Self.limit { known[word] = v }
        return v
    }

    mutating func decoded(_ word: String, from encoding: LegacyFontEncoding) -> Decoded {
        if let d = decodings[word] { return encoding == .tcvn3 ? d.tcvn3 : d.vni }
        let asIs = isValid(word)
        func read(_ e: LegacyFontEncoding) -> Decoded {
            let decoded = LegacyFont.decode(word, from: e)
            guard VietnameseSyllable.isValid(decoded) else { return decoded.uppercased() == decoded ? .abbreviation : .invalid }
            return .valid(better: decoded != word && !asIs)
        }
        let both = (read(.tcvn3), read(.vni))
        if decodings.count < Self.limit { decodings[word] = both }
        return encoding == .tcvn3 ? both.0 : both.1
    }
}

/// Counts legacy-font fields in a file and refuses it when they dominate.
struct LegacyFontDetector: Sendable {
    private var suspectFields = 0
    private var vietnameseFields = 0
    private var first: (FileLocation, LegacyFontEncoding, String)?
    private var cache = SyllableCache()

    mutating func inspect(_ text: String, legacyView: String?, at location: @autoclosure () -> FileLocation) throws(CSVError) {
        switch LegacyFont.read(text, legacyView: legacyView, cache: &cache) {
        case .legacy(let encoding):
            suspectFields += 1
            if first == nil { first = (location(), encoding, String(text.prefix(40))) }
            if suspectFields >= 3, suspectFields > vietnameseFields { try fail() }
        case .vietnamese:
            vietnameseFields += 1
        case .neutral:
            break
        }
    }

    func finish() throws(CSVError) {
        if suspectFields > 0, vietnameseFields == 0 { try fail() }
    }

    private func fail() throws(CSVError) {
        if let (location, encoding, sample) = first {
            throw .legacyFont(location, encoding: encoding, sample: sample)
        }
    }
}
