import Foundation
import KhaoSatConvert
import KhaoSatIngest
import KhaoSatQuestionnaire

/// What changed between two runs of a set, and why (`khaosat diff --run A --run B`): the inputs
/// added, removed or changed (by SHA-256), the set's files, the parameters and exclusions, the
/// version; then per unit the points and sub-criteria that moved, each with the inputs whose
/// accepted submissions about it changed and the rows set aside that did. For the Appraisal
/// Council when a run is redone. Pure: two documents in, a value out.
package struct RunDiff: Sendable {
    package struct FileChange: Sendable, Equatable {
        package var path: String
        package var before: String?
        package var after: String?
    }

    package struct Setting: Sendable, Equatable {
        package var name: String
        package var before: String
        package var after: String
    }

    package struct SubcriterionChange: Sendable, Equatable {
        package var code: String
        package var before: Decimal?
        package var after: Decimal?
        package var countsBefore: [String: Int]
        package var countsAfter: [String: Int]
    }

    package struct UnitChange: Sendable {
        package var code: String
        package var name: String
        package var before: Decimal?
        package var after: Decimal?
        package var subcriteria: [SubcriterionChange]
        /// Inputs whose accepted submissions about the unit changed: (path, before, after).
        package var inputs: [(path: String, before: Int, after: Int)]
        /// Rows about the unit set aside, by reason, that changed.
        package var setAside: [(reason: String, before: Int, after: Int)]
    }

    package var inputs: [FileChange]
    package var setFiles: [FileChange]
    package var settings: [Setting]
    package var units: [UnitChange]

    package var isEmpty: Bool { inputs.isEmpty && setFiles.isEmpty && settings.isEmpty && units.isEmpty }

    package init(_ a: Content3Document, _ b: Content3Document) {
        inputs = Self.files(a.manifest.inputs.map { ($0.file.path, $0.file.sha256) }, b.manifest.inputs.map { ($0.file.path, $0.file.sha256) })
        setFiles = Self.files(a.manifest.setFiles.map { ($0.path, $0.sha256) }, b.manifest.setFiles.map { ($0.path, $0.sha256) })
        var settings: [Setting] = []
        func compare(_ name: String, _ x: String, _ y: String) { if x != y { settings.append(Setting(name: name, before: x, after: y)) } }
        compare("bộ phiếu", a.manifest.questionnaireSet, b.manifest.questionnaireSet)
        compare("phiên bản KhaoSat", a.manifest.khaosatVersion, b.manifest.khaosatVersion)
        // Every parameter the manifest records, by its name there.
        let pa = Mirror(reflecting: a.manifest.parameters).children, pb = Mirror(reflecting: b.manifest.parameters).children
        for (x, y) in zip(pa, pb) { compare(x.label ?? "", Self.text(x.value), Self.text(y.value)) }
        compare("loại theo cờ (--exclude-flags)", (a.manifest.quality?.excludedFlags ?? []).joined(separator: ", "),
                (b.manifest.quality?.excludedFlags ?? []).joined(separator: ", "))
        compare("điều tra viên bị loại (phúc tra)", (a.manifest.quality?.excludedInterviewers ?? []).joined(separator: ", "),
                (b.manifest.quality?.excludedInterviewers ?? []).joined(separator: ", "))
        self.settings = settings

        let before = Dictionary(a.units.map { ($0.code, $0) }, uniquingKeysWith: { x, _ in x })
        let after = Dictionary(b.units.map { ($0.code, $0) }, uniquingKeysWith: { x, _ in x })
        let order = b.units.map(\.code) + a.units.map(\.code).filter { after[$0] == nil }
        units = order.compactMap { code in Self.unit(before[code], after[code]) }
    }

    private static func files(_ a: [(String, String)], _ b: [(String, String)]) -> [FileChange] {
        let x = Dictionary(a, uniquingKeysWith: { p, _ in p }), y = Dictionary(b, uniquingKeysWith: { p, _ in p })
        return Set(x.keys).union(y.keys).sorted().compactMap { path in
            x[path] == y[path] ? nil : FileChange(path: path, before: x[path], after: y[path])
        }
    }

    private static func unit(_ a: UnitResult?, _ b: UnitResult?) -> UnitChange? {
        guard let u = b ?? a else { return nil }
        var subs: [SubcriterionChange] = []
        let codes = (b?.subcriteria ?? a!.subcriteria).map(\.code)
        for code in codes {
            let x = a?.subcriteria.first { $0.code == code }, y = b?.subcriteria.first { $0.code == code }
            let cx = counts(x), cy = counts(y)
            if x?.points != y?.points || cx != cy || x?.status != y?.status {
                subs.append(SubcriterionChange(code: code, before: x?.points, after: y?.points, countsBefore: cx, countsAfter: cy))
            }
        }
        let ia = a?.respondentsByInput ?? [:], ib = b?.respondentsByInput ?? [:]
        let inputs = Set(ia.keys).union(ib.keys).sorted().compactMap { p -> (String, Int, Int)? in
            ia[p, default: 0] == ib[p, default: 0] ? nil : (p, ia[p, default: 0], ib[p, default: 0])
        }
        let sa = a?.setAside ?? [:], sb = b?.setAside ?? [:]
        let setAside = Set(sa.keys).union(sb.keys).sorted().compactMap { r -> (String, Int, Int)? in
            sa[r, default: 0] == sb[r, default: 0] ? nil : (r, sa[r, default: 0], sb[r, default: 0])
        }
        guard a?.points != b?.points || !subs.isEmpty || !inputs.isEmpty || !setAside.isEmpty else { return nil }
        return UnitChange(code: u.code, name: u.name, before: a?.points, after: b?.points, subcriteria: subs, inputs: inputs, setAside: setAside)
    }

    private static func counts(_ s: SubCriterionResult?) -> [String: Int] {
        Dictionary((s?.groups ?? []).map { ($0.group, $0.tally.counted) }, uniquingKeysWith: +)
    }

    /// A parameter's value as one line: JSON of its encoding (sorted keys), so nested values compare whole.
    private static func text(_ value: Any) -> String {
        if let v = value as? any Encodable {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(v) { return String(decoding: data, as: UTF8.self) }
        }
        return String(describing: value)
    }

    /// In Vietnamese, for the Council: the run's changes, then each unit's with its reasons.
    package func render(groups: [String: String]) -> String {
        guard !isEmpty else { return "Hai lượt quy đổi cho cùng kết quả: không có thay đổi nào (đầu vào, bộ phiếu, tham số, điểm)." }
        var out: [String] = []
        func file(_ c: FileChange) -> String {
            switch (c.before, c.after) {
            case (nil, let y?): "  + \(c.path) (mới, SHA-256 \(y.prefix(12))…)"
            case (let x?, nil): "  − \(c.path) (bị bỏ, SHA-256 \(x.prefix(12))…)"
            default: "  ≠ \(c.path) (nội dung đổi: SHA-256 \(c.before!.prefix(12))… → \(c.after!.prefix(12))…)"
            }
        }
        if !inputs.isEmpty { out.append("Tệp đầu vào:"); out += inputs.map(file) }
        if !setFiles.isEmpty { out.append("Tệp của bộ phiếu:"); out += setFiles.map(file) }
        if !settings.isEmpty {
            out.append("Tham số:")
            out += settings.map { "  \($0.name): \(Self.short($0.before)) → \(Self.short($0.after))" }
        }
        out.append("Đơn vị có thay đổi: \(units.count)")
        let changedInputs = Dictionary(inputs.map { ($0.path, $0) }, uniquingKeysWith: { x, _ in x })
        for u in units {
            out.append("")
            out.append("\(u.name) (\(u.code)): \(show(u.before)) → \(show(u.after)) điểm")
            for i in u.inputs {
                let why = changedInputs[i.path].map { c in c.before == nil ? "tệp mới" : c.after == nil ? "tệp bị bỏ" : "tệp đổi nội dung" }
                out.append("  vì \(i.path)\(why.map { " (\($0))" } ?? ""): \(i.before) → \(i.after) phiếu được tính")
            }
            for r in u.setAside {
                out.append("  vì phiếu bị loại ra \"\(Reason(rawValue: r.reason)?.title ?? r.reason)\": \(r.before) → \(r.after)")
            }
            if u.inputs.isEmpty && u.setAside.isEmpty {
                out.append("  vì " + (settings.isEmpty && setFiles.isEmpty ? "cách tính của phiên bản" : "tham số hoặc bộ phiếu đổi (xem trên)")
                           + "; phiếu được tính không đổi")
            }
            for s in u.subcriteria {
                let counts = Set(s.countsBefore.keys).union(s.countsAfter.keys).sorted().compactMap { g -> String? in
                    let (x, y) = (s.countsBefore[g, default: 0], s.countsAfter[g, default: 0])
                    return x == y ? nil : "\(groups[g] ?? g) \(x) → \(y) phiếu"
                }
                out.append("  \(s.code): \(show(s.before)) → \(show(s.after))" + (counts.isEmpty ? "" : " (" + counts.joined(separator: "; ") + ")"))
            }
        }
        return out.joined(separator: "\n")
    }

    private func show(_ x: Decimal?) -> String { x.map { Decimals.vietnamese($0) } ?? "–" }

    private static func short(_ s: String) -> String { s.count > 120 ? String(s.prefix(117)) + "…" : s }
}
