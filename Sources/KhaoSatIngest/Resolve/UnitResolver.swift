import KhaoSatQuestionnaire

/// Finds the unit a person meant: by code, or by name through `MatchKey`. Never guesses:
/// an unknown or ambiguous name comes back with the closest candidates.
package struct UnitResolver: Sendable {
    package enum Resolution: Equatable, Sendable {
        case unit(RatedUnit)
        case unknown(suggestions: [RatedUnit])
        case ambiguous([RatedUnit])
        /// A name from before the reorganisation: the units it went into, asked about, never matched.
        case former(String, now: [RatedUnit])
    }

    private typealias Named = (unit: RatedUnit, kinds: Set<String>)

    private let registry: UnitRegistry
    /// By name without prefixes: the units, each with the kinds its name gives ("Phường Tân Phong"
    /// and "Xã Tân Phong" share a key, and the kind tells them apart).
    private let byKey: [String: [Named]]
    private let formerByKey: [String: [Named]]
    private let folded: [(key: String, unit: RatedUnit)]
    private let longestName: Int

    package init(registry: UnitRegistry) {
        self.registry = registry
        var byKey: [String: [Named]] = [:], formerByKey: [String: [Named]] = [:]
        var folded: [(String, RatedUnit)] = []
        for unit in registry.units {
            for name in Set([unit.name] + unit.aliases) {
                byKey[MatchKey.withoutPrefixes(name), default: []].append((unit, MatchKey.kinds(name)))
                folded.append((MatchKey.folded(name), unit))
            }
            for name in Set(unit.formerNames) {
                formerByKey[MatchKey.withoutPrefixes(name), default: []].append((unit, MatchKey.kinds(name)))
                folded.append((MatchKey.folded(name), unit))
            }
        }
        self.byKey = byKey
        self.formerByKey = formerByKey
        self.folded = folded
        longestName = folded.map(\.0.count).max() ?? 0
    }

    package func resolve(_ text: String) -> Resolution {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let unit = registry[t] { return .unit(unit) }
        // Far longer than every name and alias: no unit, and nothing to compare it with.
        guard t.count <= longestName * 2 + 10 else { return .unknown(suggestions: []) }
        let key = MatchKey.withoutPrefixes(t), kinds = MatchKey.kinds(t)
        let current = byKey[key] ?? [], former = formerByKey[key] ?? []
        // "Phường Tân Phong" is the ward, not "Xã Tân Phong" (current or former); "Tân Phong" alone is asked about.
        let currentOfKind = Self.ofKind(kinds, current), formerOfKind = Self.ofKind(kinds, former)
        if currentOfKind.count == 1 { return .unit(currentOfKind[0]) }
        if currentOfKind.isEmpty, !formerOfKind.isEmpty { return .former(t, now: formerOfKind) }
        let units = Self.distinct(current.map(\.unit))
        if units.count == 1 { return .unit(units[0]) }
        if units.count > 1 { return .ambiguous(units) }
        if !former.isEmpty { return .former(t, now: Self.distinct(former.map(\.unit))) }
        return .unknown(suggestions: suggestions(for: t))
    }

    private static func ofKind(_ kinds: Set<String>, _ candidates: [Named]) -> [RatedUnit] {
        distinct(candidates.filter { !kinds.isEmpty && kinds.isSubset(of: $0.kinds) }.map(\.unit))
    }

    private static func distinct(_ units: [RatedUnit]) -> [RatedUnit] {
        units.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// Units whose name without diacritics equals, contains, or is within two edits of the text.
    func suggestions(for text: String) -> [RatedUnit] {
        let key = MatchKey.folded(text)
        guard !key.isEmpty else { return [] }
        var scored: [(Int, RatedUnit)] = []
        for (candidate, unit) in folded where !scored.contains(where: { $0.1 == unit }) {
            let distance = candidate == key ? 0
                : (candidate.contains(key) || key.contains(candidate)) && min(candidate.count, key.count) >= 4 ? 1
                : editDistance(candidate, key, limit: 2)
            if distance <= 2 { scored.append((distance, unit)) }
        }
        return scored.sorted { ($0.0, $0.1.code) < ($1.0, $1.1.code) }.prefix(3).map(\.1)
    }
}

/// Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`.
func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
    let a = Array(a), b = Array(b)
    if abs(a.count - b.count) > limit { return limit + 1 }
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        var best = i
        for j in 1...max(b.count, 1) where !b.isEmpty {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            best = min(best, current[j])
        }
        if best > limit { return limit + 1 }
        previous = current
    }
    return previous[b.count]
}
