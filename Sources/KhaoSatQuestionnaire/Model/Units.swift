import Foundation

/// An index of the decision (Chỉ số), by its code in `indices.csv` ("01"). Which indices exist,
/// and their titles, are the set's (`IndexDefinition`), not the code's.
package struct IndexCode: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    package let rawValue: String

    package init(rawValue: String) { self.rawValue = rawValue }
    package init(_ code: String) { rawValue = code }

    package var description: String { rawValue }

    package static func < (a: IndexCode, b: IndexCode) -> Bool { a.rawValue < b.rawValue }
}

/// One index of the set (`indices.csv`), in the order outputs list them.
package struct IndexDefinition: Sendable, Hashable, Codable {
    package var code: IndexCode
    /// As reports print it, e.g. "Chỉ số 03 – UBND xã, phường".
    package var title: String
    /// Its units must be exactly the official list (`official-communes.csv`).
    package var officialUnits: Bool
    /// Its own parameters where `indices.csv` gives them; nil: `set.csv`'s.
    package var contentPoints: Decimal?
    package var minCompleteness: Decimal?
    package var selectMultiple: SelectMultipleCredit?
    package var respondentIdQuestions: [String]?
    package var line: Int

    package init(code: IndexCode, title: String, officialUnits: Bool = false, line: Int) {
        self.code = code
        self.title = title
        self.officialUnits = officialUnits
        self.line = line
    }
}

/// The parameters that apply to the units of one index: its own in `indices.csv`, else `set.csv`'s.
package struct IndexSettings: Sendable, Hashable, Codable {
    package var contentPoints: Decimal?
    package var minCompleteness: Decimal
    package var selectMultiple: SelectMultipleCredit
    package var respondentIdQuestions: [String]
}

/// One unit that is scored.
package struct RatedUnit: Sendable, Hashable, Codable {
    /// Stable code used in response files and exports (e.g. `CQ02`, `22015`).
    package var code: String
    package var index: IndexCode
    /// The name exactly as in Phụ lục 1 of the decision.
    package var name: String
    /// `sở`, `ban`, `đơn vị sự nghiệp`, `xã`, `phường` …
    package var type: String
    /// The national administrative code, for communes and wards.
    package var officialCode: String?
    /// Other ways people write the name.
    package var aliases: [String]
    /// Names of units merged into it (the 2025 reorganisation): never matched, only pointed to
    /// ("… nay thuộc <name>"), since part of a former unit may have gone elsewhere.
    package var formerNames: [String]
    package var line: Int

    package init(code: String, index: IndexCode, name: String, type: String, officialCode: String?,
                aliases: [String], formerNames: [String] = [], line: Int) {
        self.code = code
        self.index = index
        self.name = name
        self.type = type
        self.officialCode = officialCode
        self.aliases = aliases
        self.formerNames = formerNames
        self.line = line
    }
}

/// All units of a questionnaire set, in file order.
package struct UnitRegistry: Sendable {
    package private(set) var units: [RatedUnit]
    private var byCode: [String: Int]

    package init(units: [RatedUnit]) {
        self.units = units
        var byCode: [String: Int] = [:]
        for (i, u) in units.enumerated() where byCode[u.code] == nil { byCode[u.code] = i }
        self.byCode = byCode
    }

    package subscript(code: String) -> RatedUnit? { byCode[code].map { units[$0] } }

    package func units(in index: IndexCode) -> [RatedUnit] { units.filter { $0.index == index } }
}

/// A respondent group of the survey (who answers).
package struct RespondentGroup: Sendable, Hashable, Codable {
    package var code: String
    package var name: String
    /// The indices whose units this group may rate.
    package var indices: Set<IndexCode>
    /// Respondents rate only the unit they belong to (a commune delegate, their own commune):
    /// their forms ask it in the question `ownUnitQuestion`, checked against the unit rated.
    package var ownUnitOnly: Bool
    package var line: Int

    package static let ownUnitQuestion = "respondent_unit"

    package init(code: String, name: String, indices: Set<IndexCode>, ownUnitOnly: Bool = false, line: Int) {
        self.code = code
        self.name = name
        self.indices = indices
        self.ownUnitOnly = ownUnitOnly
        self.line = line
    }
}
