import Foundation

/// An index of the decision (Chỉ số), by its code in `indices.csv` ("01"). Which indices exist,
/// and their titles, are the set's (`IndexDefinition`), not the code's.
public struct IndexCode: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ code: String) { rawValue = code }

    public var description: String { rawValue }

    public static func < (a: IndexCode, b: IndexCode) -> Bool { a.rawValue < b.rawValue }
}

/// One index of the set (`indices.csv`), in the order outputs list them.
public struct IndexDefinition: Sendable, Hashable, Codable {
    public var code: IndexCode
    /// As reports print it, e.g. "Chỉ số 03 – UBND xã, phường".
    public var title: String
    /// Its units must be exactly the official list (`official-communes.csv`).
    public var officialUnits: Bool
    /// Its own parameters where `indices.csv` gives them; nil: `set.csv`'s.
    public var contentPoints: Decimal?
    public var minCompleteness: Decimal?
    public var selectMultiple: SelectMultipleCredit?
    public var respondentIdQuestions: [String]?
    public var line: Int

    public init(code: IndexCode, title: String, officialUnits: Bool = false, line: Int) {
        self.code = code
        self.title = title
        self.officialUnits = officialUnits
        self.line = line
    }
}

/// The parameters that apply to the units of one index: its own in `indices.csv`, else `set.csv`'s.
public struct IndexSettings: Sendable, Hashable, Codable {
    public var contentPoints: Decimal?
    public var minCompleteness: Decimal
    public var selectMultiple: SelectMultipleCredit
    public var respondentIdQuestions: [String]
}

/// One unit that is scored.
public struct RatedUnit: Sendable, Hashable, Codable {
    /// Stable code used in response files and exports (e.g. `CQ02`, `22015`).
    public var code: String
    public var index: IndexCode
    /// The name exactly as in Phụ lục 1 of the decision.
    public var name: String
    /// `sở`, `ban`, `đơn vị sự nghiệp`, `xã`, `phường` …
    public var type: String
    /// The national administrative code, for communes and wards.
    public var officialCode: String?
    /// Other ways people write the name.
    public var aliases: [String]
    /// Names of units merged into it (the 2025 reorganisation): never matched, only pointed to
    /// ("… nay thuộc <name>"), since part of a former unit may have gone elsewhere.
    public var formerNames: [String]
    public var line: Int

    public init(code: String, index: IndexCode, name: String, type: String, officialCode: String?,
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
public struct UnitRegistry: Sendable {
    public private(set) var units: [RatedUnit]
    private var byCode: [String: Int]

    public init(units: [RatedUnit]) {
        self.units = units
        var byCode: [String: Int] = [:]
        for (i, u) in units.enumerated() where byCode[u.code] == nil { byCode[u.code] = i }
        self.byCode = byCode
    }

    public subscript(code: String) -> RatedUnit? { byCode[code].map { units[$0] } }

    public func units(in index: IndexCode) -> [RatedUnit] { units.filter { $0.index == index } }
}

/// A respondent group of the survey (who answers).
public struct RespondentGroup: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    /// The indices whose units this group may rate.
    public var indices: Set<IndexCode>
    /// Respondents rate only the unit they belong to (a commune delegate, their own commune):
    /// their forms ask it in the question `ownUnitQuestion`, checked against the unit rated.
    public var ownUnitOnly: Bool
    public var line: Int

    public static let ownUnitQuestion = "respondent_unit"

    public init(code: String, name: String, indices: Set<IndexCode>, ownUnitOnly: Bool = false, line: Int) {
        self.code = code
        self.name = name
        self.indices = indices
        self.ownUnitOnly = ownUnitOnly
        self.line = line
    }
}
