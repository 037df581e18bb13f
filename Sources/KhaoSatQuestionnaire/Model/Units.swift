/// The three indices of Decision 02050/QĐ-UBND.
public enum IndexCode: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// Provincial departments (sở, ban, ngành).
    case departments = "01"
    /// Public service units under the provincial People's Committee.
    case serviceUnits = "02"
    /// Communes and wards.
    case communes = "03"

    public var title: String {
        switch self {
        case .departments: return "Chỉ số 01 – Sở, ban, ngành"
        case .serviceUnits: return "Chỉ số 02 – Đơn vị sự nghiệp công lập"
        case .communes: return "Chỉ số 03 – UBND xã, phường"
        }
    }

    public var description: String { rawValue }

    public static func < (a: IndexCode, b: IndexCode) -> Bool { a.rawValue < b.rawValue }
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
    public var line: Int

    public init(code: String, index: IndexCode, name: String, type: String, officialCode: String?,
                aliases: [String], line: Int) {
        self.code = code
        self.index = index
        self.name = name
        self.type = type
        self.officialCode = officialCode
        self.aliases = aliases
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
