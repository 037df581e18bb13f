/// How names typed by people are compared: the same key for "UBND phường Tuy Hòa",
/// "Phường Tuy Hoà" and "phuờng  tuy hòa" (NFD), different keys for different tones.
package enum MatchKey {
    /// Administrative prefixes that name the kind of body, not the body.
    static let prefixes: [String] = ["ủy ban nhân dân", "ubnd", "xã", "phường", "sở"].map(words)

    /// The full key: case, spacing, apostrophes and tone placement folded; prefixes kept.
    package static func of(_ text: String) -> String {
        words(text)
    }

    /// The key with leading administrative prefixes removed ("UBND xã Ea Kar" → "ea kar").
    package static func withoutPrefixes(_ text: String) -> String { split(text).rest }

    /// The kinds of body the leading prefixes name ("UBND phường Tân Phong" → ["phường"]): what
    /// tells a ward from a commune of the same name. "UBND" names no kind.
    package static func kinds(_ text: String) -> Set<String> { split(text).kinds }

    private static let generic: Set<String> = Set(["ủy ban nhân dân", "ubnd"].map(words))

    private static func split(_ text: String) -> (kinds: Set<String>, rest: String) {
        var key = words(text)
        var kinds: Set<String> = []
        var changed = true
        while changed {
            changed = false
            for prefix in prefixes where key.hasPrefix(prefix + " ") {
                key = String(key.dropFirst(prefix.count + 1))
                if !generic.contains(prefix) { kinds.insert(prefix) }
                changed = true
            }
        }
        return (kinds, key)
    }

    /// Without any diacritics (đ → d): only to suggest candidates, never to match.
    package static func folded(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in withoutPrefixes(text).decomposedStringWithCanonicalMapping.unicodeScalars {
            if (0x300...0x36F).contains(s.value) { continue }
            out.append(s == "đ" ? "d" : s)
        }
        return String(out)
    }

    /// Tone marks of Vietnamese (grave, acute, tilde, hook, dot below). Moving them to
    /// the end of each word makes old and new placement (hòa / hoà, thủy / thuỷ) equal.
    static let toneMarks: Set<UInt32> = [0x300, 0x301, 0x303, 0x309, 0x323]

    static func words(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var word = String.UnicodeScalarView()
        var tones = String.UnicodeScalarView()
        // inout, not captured: appending to a captured string copied it every time (quadratic).
        func flush(_ result: inout String.UnicodeScalarView, _ word: inout String.UnicodeScalarView,
                   _ tones: inout String.UnicodeScalarView) {
            guard !word.isEmpty else { return }
            if !result.isEmpty { result.append(" ") }
            result.append(contentsOf: word)
            result.append(contentsOf: tones)
            word.removeAll(keepingCapacity: true)
            tones.removeAll(keepingCapacity: true)
        }
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar {
            case " ", "\t", "\n", "\r", "\u{A0}":
                flush(&result, &word, &tones)
            case "’", "‘", "`", "´", "ʼ":
                word.append("'")
            default:
                if toneMarks.contains(scalar.value) { tones.append(scalar) } else { word.append(scalar) }
            }
        }
        flush(&result, &word, &tones)
        return String(result).precomposedStringWithCanonicalMapping
    }
}
