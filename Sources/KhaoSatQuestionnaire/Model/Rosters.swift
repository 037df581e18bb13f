import Foundation

/// `rosters.csv`: how many people a rostered group has (the provincial council's delegates, a
/// commune council's delegates), so that intervals carry the finite population correction and a
/// group that answered in full is a census. A row names a unit, or every unit of an index (unit
/// blank), or every unit the group rates (both blank); the narrowest row applies.
package struct RosterEntry: Sendable, Hashable, Codable {
    package var group: String
    package var index: IndexCode?
    package var unitCode: String?
    package var population: Int
    package var line: Int

    package init(group: String, index: IndexCode? = nil, unitCode: String? = nil, population: Int, line: Int = 0) {
        self.group = group
        self.index = index
        self.unitCode = unitCode
        self.population = population
        self.line = line
    }
}

package struct Rosters: Sendable, Hashable, Codable {
    package var entries: [RosterEntry]

    package init(_ entries: [RosterEntry] = []) { self.entries = entries }

    /// N for the group's respondents about the unit; nil: the group is not rostered there.
    package func population(group: String, unit: RatedUnit) -> Int? {
        let rows = entries.filter { $0.group == group }
        return (rows.first { $0.unitCode == unit.code }
            ?? rows.first { $0.unitCode == nil && $0.index == unit.index }
            ?? rows.first { $0.unitCode == nil && $0.index == nil })?.population
    }
}
