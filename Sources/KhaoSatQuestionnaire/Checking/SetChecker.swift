import Foundation
import KhaoSatCSV

/// Checks that the files of a set agree with each other (each file alone was checked
/// while it was read).
struct SetChecker {
    let set: QuestionnaireSet
    let officialCommunes: [(code: String, name: String, line: Int)]
    /// Turns a file name relative to the set into the name messages show.
    let location: (String) -> String

    func check() -> [SetProblem] {
        units() + emptyIndices() + names() + blueprint() + questionnaires() + coverage() + notApplicable() + rosters() + personalData()
    }

    /// What a person reviewing the set should look at, without refusing it.
    func warnings() -> [SetProblem] {
        let declared = set.settings.personalData
        var warnings: [SetProblem] = []
        for form in set.questionnaires {
            for name in declared.declared {
                guard let q = form.question(named: name), let purposes = declared.questions[name], purposes.contains(.contact) else { continue }
                // "chỉ dùng để loại phiếu trùng" promises one use; a phúc tra call is another.
                let hints = q.hints.values.map { MatchKey.of($0) }
                if hints.contains(where: { $0.contains(MatchKey.of("chỉ dùng")) && !$0.contains(MatchKey.of("phúc tra")) }) {
                    warnings.append(SetProblem(FileLocation(file: location(surveyFile(form)), line: q.line),
                                               .hintNarrowerThanPurposes(name, purposes: purposes.sorted())))
                }
            }
        }
        return warnings
    }

    private func surveyFile(_ form: Questionnaire) -> String {
        form.files.first(where: { $0.hasSuffix("survey.csv") }) ?? form.files[0]
    }

    /// Every value that identifies a person is declared, with its purpose; a contact needs consent.
    private func personalData() -> [SetProblem] {
        let declared = set.settings.personalData
        let setFile = at("set.csv", 1)
        var problems = set.allRespondentIdQuestions.filter { declared.questions[$0]?.contains(.dedupe) != true }
            .map { SetProblem(setFile, .personalDataUndeclared($0, purpose: .dedupe)) }
        for name in declared.declared {
            let found = set.questionnaires.compactMap { form in form.question(named: name).map { (form, $0) } }
            if found.isEmpty { problems.append(SetProblem(setFile, .personalDataQuestionNotFound(name))) }
            for (form, q) in found where q.type != .text {
                problems.append(SetProblem(FileLocation(file: location(surveyFile(form)), line: q.line), .personalDataNotText(name)))
            }
        }
        let contacts = declared.questions(for: .contact)
        guard !contacts.isEmpty else { return problems }
        guard let consent = declared.consentQuestion, let choice = declared.consentChoice else {
            return problems + [SetProblem(setFile, .consentUndeclared)]
        }
        for form in set.questionnaires {
            guard let contact = contacts.first(where: { form.question(named: $0) != nil }) else { continue }
            guard let q = form.question(named: consent) else {
                problems.append(SetProblem(FileLocation(file: location(surveyFile(form)), line: 1), .consentQuestionMissing(consent, contact: contact)))
                continue
            }
            if let list = q.type.choices?.list, form.choiceLists[list]?.index(named: choice) == nil {
                problems.append(SetProblem(FileLocation(file: location(surveyFile(form)), line: q.line), .consentChoiceUnknown(consent, choice: choice)))
            }
        }
        return problems
    }

    /// An index without a unit would vanish from every output without a word.
    private func emptyIndices() -> [SetProblem] {
        set.indices.filter { set.units.units(in: $0.code).isEmpty }.map { index in
            SetProblem(at("indices.csv", index.line), .indexWithoutUnits(index.code))
        }
    }

    private func at(_ file: String, _ line: Int, field: Int? = nil) -> FileLocation {
        FileLocation(file: location(file), line: line, field: field)
    }

    /// The units of an index marked `official_units` (communes and wards) must be exactly the official list.
    private func units() -> [SetProblem] {
        guard !officialCommunes.isEmpty else { return [] }
        var problems: [SetProblem] = []
        let official = Dictionary(officialCommunes.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<String> = []
        for unit in set.units.units where set.index(unit.index)?.officialUnits == true {
            let code = unit.officialCode ?? unit.code
            seen.insert(code)
            guard let entry = official[code] else {
                problems.append(SetProblem(at("units.csv", unit.line), .unofficialCommuneCode(code)))
                continue
            }
            if entry.name != unit.name {
                problems.append(SetProblem(at("units.csv", unit.line), .officialNameMismatch(code: code, official: entry.name)))
            }
        }
        for entry in officialCommunes where !seen.contains(entry.code) {
            problems.append(SetProblem(at("official-communes.csv", entry.line),
                                       .missingOfficialCommune(code: entry.code, name: entry.name)))
        }
        return problems
    }

    /// Two units must never share a name or alias once spelling is folded; a ward and a commune
    /// may share a name when their prefixes tell them apart ("Phường Tân Phong", "Xã Tân Phong").
    private func names() -> [SetProblem] {
        var owners: [String: [RatedUnit]] = [:]
        for unit in set.units.units {
            let keys = Set(([unit.name] + unit.aliases).map { name in
                (MatchKey.kinds(name).sorted() + [MatchKey.withoutPrefixes(name)]).joined(separator: " ")
            })
            for key in keys { owners[key, default: []].append(unit) }
        }
        let ambiguous = owners.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map { key, units in
            SetProblem(at("units.csv", units[1].line), .ambiguousName(key, units: units.map(\.code)))
        }
        return ambiguous + formerNames()
    }

    /// A former name a current name would answer first ("Tân Lợi" next to a current "Phường Tân Lợi")
    /// is never reached: refuse it. Prefixes of different kinds keep them apart.
    private func formerNames() -> [SetProblem] {
        var current: [String: [(kinds: Set<String>, unit: String)]] = [:]
        for unit in set.units.units {
            for name in [unit.name] + unit.aliases {
                current[MatchKey.withoutPrefixes(name), default: []].append((MatchKey.kinds(name), unit.code))
            }
        }
        var problems: [SetProblem] = []
        for unit in set.units.units {
            for name in unit.formerNames {
                let kinds = MatchKey.kinds(name)
                if let clash = current[MatchKey.withoutPrefixes(name)]?.first(where: { $0.kinds.isEmpty || kinds.isEmpty || $0.kinds == kinds }) {
                    problems.append(SetProblem(at("units.csv", unit.line), .formerNameIsCurrent(name, unit: clash.unit)))
                }
            }
        }
        return problems
    }

    private func blueprint() -> [SetProblem] {
        var problems: [SetProblem] = []
        for index in set.indexCodes {
            let total = set.blueprint.maxPoints(in: index)
            if let expected = set.settings(of: index).contentPoints, total != expected {
                let line = set.blueprint.subcriteria(in: index).first?.line ?? 1
                problems.append(SetProblem(at("blueprint.csv", line),
                                           .pointsDoNotAddUp(index: index, total: total, expected: expected)))
            }
        }
        for sub in set.blueprint.allSubcriteria {
            for g in sub.groups {
                guard let group = set.group(g.group) else {
                    problems.append(SetProblem(at("blueprint.csv", sub.line), .unknownGroup(g.group)))
                    continue
                }
                if !group.indices.contains(sub.index) {
                    problems.append(SetProblem(at("blueprint.csv", sub.line),
                                               .groupCannotRateIndex(group: g.group, index: sub.index)))
                }
            }
        }
        return problems
    }

    private func questionnaires() -> [SetProblem] {
        var problems: [SetProblem] = []
        let codes = Set(set.blueprint.allSubcriteria.map(\.code))
        for q in set.questionnaires {
            let file = q.files.first(where: { $0.hasSuffix("settings.csv") }) ?? q.files[0]
            if set.group(q.respondentGroup) == nil {
                problems.append(SetProblem(FileLocation(file: location(file), line: 1), .unknownGroup(q.respondentGroup)))
            } else if set.group(q.respondentGroup)!.ownUnitOnly, q.question(named: RespondentGroup.ownUnitQuestion) == nil {
                problems.append(SetProblem(FileLocation(file: location(file), line: 1), .ownUnitQuestionMissing(group: q.respondentGroup)))
            }
            let survey = q.files.first(where: { $0.hasSuffix("survey.csv") }) ?? q.files[0]
            for question in q.scoredQuestions where !codes.contains(question.subcriterion!) {
                problems.append(SetProblem(FileLocation(file: location(survey), line: question.line),
                                           .unknownSubcriterion(question.subcriterion!)))
            }
        }
        return problems
    }

    /// Every group a sub-criterion asks must have a questionnaire question for it.
    private func coverage() -> [SetProblem] {
        var fed: Set<String> = []
        for q in set.questionnaires {
            for question in q.scoredQuestions { fed.insert(q.respondentGroup + "\u{0}" + question.subcriterion!) }
        }
        var problems: [SetProblem] = []
        for sub in set.blueprint.allSubcriteria {
            for g in sub.groups where set.group(g.group) != nil && !fed.contains(g.group + "\u{0}" + sub.code) {
                problems.append(SetProblem(at("blueprint.csv", sub.line),
                                           .subcriterionNotFed(index: sub.index, code: sub.code, group: g.group)))
            }
        }
        return problems
    }

    /// Each row names a group that rates what the row names, once.
    private func rosters() -> [SetProblem] {
        var firstLine: [String: Int] = [:]
        return set.rosters.entries.compactMap { r in
            let here = at("rosters.csv", r.line)
            guard let group = set.group(r.group) else { return SetProblem(here, .unknownGroup(r.group)) }
            if let code = r.unitCode {
                guard let unit = set.units[code] else { return SetProblem(here, .unknownUnit(code)) }
                if let index = r.index, index != unit.index {
                    return SetProblem(here, .invalidValue(column: "index", value: index.rawValue,
                                                          expected: "\(unit.index) (Chỉ số của \(code)), hoặc để trống"))
                }
                if !group.indices.contains(unit.index) { return SetProblem(here, .groupCannotRateIndex(group: r.group, index: unit.index)) }
            } else if let index = r.index {
                guard set.index(index) != nil else {
                    return SetProblem(here, .invalidValue(column: "index", value: index.rawValue,
                                                          expected: "một mã Chỉ số của indices.csv, hoặc để trống"))
                }
                if !group.indices.contains(index) { return SetProblem(here, .groupCannotRateIndex(group: r.group, index: index)) }
            }
            let scope = [r.group, r.index?.rawValue ?? "", r.unitCode ?? ""].joined(separator: "\u{0}")
            if let first = firstLine[scope] { return SetProblem(here, .duplicateRoster(group: r.group, firstLine: first)) }
            firstLine[scope] = r.line
            return nil
        }
    }

    private func notApplicable() -> [SetProblem] {
        set.notApplicable.compactMap { pair in
            guard let unit = set.units[pair.unitCode] else {
                return SetProblem(at("not-applicable.csv", pair.line), .unknownUnit(pair.unitCode))
            }
            if !set.blueprint.subcriteria(in: unit.index).contains(where: { $0.code == pair.subcriterion }) {
                return SetProblem(at("not-applicable.csv", pair.line), .unknownSubcriterion(pair.subcriterion))
            }
            return nil
        }
    }
}
