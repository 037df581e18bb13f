import Foundation
import KhaoSatCSV
import KhaoSatXLSX

/// The result of loading a set: the set when its files could be read, and every
/// problem found on the way (reading and cross-checking).
package struct LoadedSet: Sendable {
    package var set: QuestionnaireSet?
    package var problems: [SetProblem]
    /// What `check` prints without refusing the set.
    package var warnings: [SetProblem] = []
}

/// Reads a questionnaire set folder:
///
///     set.csv                 key,value: title, year, parameters
///     indices.csv             the indices (Chỉ số): code, title, whether their units are the official list
///     ranking.csv             key,value: levels, quota, the council's maxima, the ranking key (optional)
///     groups.csv              respondent groups and the indices they may rate
///     units.csv               the unit registry
///     official-communes.csv   the official list the communes are checked against
///     blueprint.csv           Content 3 criteria, sub-criteria, points and method
///     not-applicable.csv      (unit, sub-criterion) pairs not scored (optional)
///     rosters.csv             population sizes of rostered groups (optional)
///     forms/*.xlsx            XLSForm questionnaires as workbooks (sheets survey, choices, settings)
///     forms/*.csv             … or in pyxform's single-file CSV layout
///     forms/*/                … or a folder of survey.csv, choices.csv, settings.csv
package enum SetLoader {
    package static func load(directory: String) -> LoadedSet {
        var reader = FolderReader(directory: directory)
        let settings = reader.settings()
        let indices = reader.indices()
        let groups = reader.groups(indices ?? [])
        let units = reader.units(indices ?? [])
        let official = reader.officialCommunes()
        let blueprint = reader.blueprint(indices ?? [])
        let notApplicable = reader.notApplicable()
        let rosters = reader.rosters()
        let questionnaires = reader.questionnaires()
        let ranking = reader.ranking()
        guard let settings, let indices, let groups, let units, let blueprint else {
            return LoadedSet(set: nil, problems: reader.problems.sortedByLocation())
        }
        var set = QuestionnaireSet(
            name: URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent,
            directory: directory, settings: settings, indices: indices, ranking: ranking, units: UnitRegistry(units: units), groups: groups,
            blueprint: blueprint, notApplicable: notApplicable, questionnaires: questionnaires,
            files: reader.filesRead.sorted())
        set.rosters = rosters
        var problems = reader.problems
        if settings.contentPoints == nil, settings.values["content_points"] == nil, indices.contains(where: { $0.contentPoints == nil }) {
            problems.append(SetProblem(FileLocation(file: reader.display("set.csv"), line: 1), .invalidValue(
                column: "content_points", value: "", expected: "số điểm của Nội dung 3, ví dụ 12 (hoặc cột content_points của mỗi Chỉ số trong indices.csv)")))
        }
        let checker = SetChecker(set: set, officialCommunes: official, location: reader.display)
        problems += checker.check()
        return LoadedSet(set: set, problems: problems.sortedByLocation(), warnings: checker.warnings().sortedByLocation())
    }
}

/// Reads the files of one set, collecting problems instead of stopping at the first.
private struct FolderReader {
    let directory: String
    var problems: [SetProblem] = []
    var filesRead: [String] = []

    init(directory: String) {
        self.directory = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
    }

    func display(_ relative: String) -> String { directory + "/" + relative }

    mutating func table(_ relative: String, optional: Bool = false) -> Table? {
        let path = display(relative)
        guard FileManager.default.fileExists(atPath: path) else {
            if !optional { problems.append(SetProblem(FileLocation(file: path, line: 1), .missingFile)) }
            return nil
        }
        filesRead.append(relative)
        do {
            return try Table.read(path: path, name: path)
        } catch {
            problems.append(SetProblem(error.location ?? FileLocation(file: path, line: 1), .unreadable(error)))
            return nil
        }
    }

    mutating func settings() -> SetSettings? {
        guard let t = table("set.csv"), let cols = t.require(["key", "value"], into: &problems) else { return nil }
        var values: [String: String] = [:]
        for row in t.rows { values[t.value(row, cols["key"])] = t.value(row, cols["value"]) }
        var minCompleteness: Decimal = 0.5, selectMultiple = SelectMultipleCredit.share, contentPoints: Decimal?
        var respondentIds: [String] = []
        func parse<T>(_ key: String, _ read: (inout FolderReader, String, FileLocation) -> T?, into target: inout T) {
            if let raw = values[key], let v = read(&self, raw, lineOf(key, in: t)) { target = v }
        }
        parse("min_completeness", { $0.share($1, "min_completeness", at: $2) }, into: &minCompleteness)
        parse("select_multiple", { $0.selectMultiple($1, at: $2) }, into: &selectMultiple)
        parse("content_points", { $0.contentPoints($1, at: $2) }, into: &contentPoints)
        parse("respondent_id_questions", { $0.questionNames($1, "respondent_id_questions", at: $2) }, into: &respondentIds)
        return SetSettings(title: values["title"] ?? "", province: values["province"] ?? "", year: values["year"] ?? "",
                           decision: values["decision"] ?? "", contentPoints: contentPoints, minCompleteness: minCompleteness,
                           selectMultiple: selectMultiple, respondentIdQuestions: respondentIds,
                           quality: quality(values, t), personalData: personalData(values, t), values: values)
    }

    /// The optional quality keys of set.csv; a value out of its range is a problem, a missing one the default.
    private mutating func quality(_ values: [String: String], _ t: Table) -> QualitySettings {
        var q = QualitySettings()
        func share(_ key: String, _ target: inout Decimal) {
            guard let raw = values[key] else { return }
            if let v = Decimals.parse(raw), v >= 0, v <= 1 { target = v } else {
                problems.append(SetProblem(lineOf(key, in: t), .invalidValue(column: key, value: raw, expected: "một số từ 0 đến 1")))
            }
        }
        func whole(_ key: String, _ range: ClosedRange<Int>, _ target: inout Int) {
            guard let raw = values[key] else { return }
            if let v = Int(raw), range.contains(v) { target = v } else {
                problems.append(SetProblem(lineOf(key, in: t), .invalidValue(
                    column: key, value: raw, expected: "một số nguyên từ \(range.lowerBound) đến \(range.upperBound)")))
            }
        }
        func day(_ key: String) -> CivilDate? {
            guard let raw = values[key] else { return nil }
            guard let d = CivilDate(raw) else {
                problems.append(SetProblem(lineOf(key, in: t), .invalidValue(column: key, value: raw, expected: "một ngày dạng YYYY-MM-DD")))
                return nil
            }
            return d
        }
        if let name = values["interviewer_question"] {
            if XLSFormLoader.isXMLName(name) { q.interviewerQuestion = name } else {
                problems.append(SetProblem(lineOf("interviewer_question", in: t),
                                           .invalidValue(column: "interviewer_question", value: name, expected: "tên một câu hỏi XLSForm")))
            }
        }
        q.surveyStart = day("survey_start")
        q.surveyEnd = day("survey_end")
        if let a = q.surveyStart, let b = q.surveyEnd, b < a {
            problems.append(SetProblem(lineOf("survey_end", in: t), .invalidValue(
                column: "survey_end", value: b.description, expected: "một ngày không trước survey_start (\(a))")))
        }
        share("quality_speeding_share", &q.speedingShare)
        whole("quality_long_minutes", 1...100_000, &q.longMinutes)
        whole("quality_night_from", 0...23, &q.nightFrom)
        whole("quality_night_to", 0...23, &q.nightTo)
        whole("quality_straightline_min", 2...1000, &q.straightlineMin)
        share("quality_near_duplicate_share", &q.nearDuplicateShare)
        share("quality_dont_know_share", &q.dontKnowShare)
        share("quality_concentration_share", &q.concentrationShare)
        whole("quality_concentration_min", 1...1_000_000, &q.concentrationMin)
        share("quality_distribution_p", &q.distributionP)
        share("backcheck_type1_reject", &q.backcheckType1Reject)
        share("backcheck_type2_review", &q.backcheckType2Review)
        share("backcheck_type2_reject", &q.backcheckType2Reject)
        return q
    }

    /// The optional personal-data keys of set.csv.
    private mutating func personalData(_ values: [String: String], _ t: Table) -> PersonalDataSettings {
        var p = PersonalDataSettings()
        func invalid(_ key: String, _ value: String, _ expected: String) {
            problems.append(SetProblem(lineOf(key, in: t), .invalidValue(column: key, value: value, expected: expected)))
        }
        let purposes = PersonalDataSettings.Purpose.allCases.map(\.rawValue).joined(separator: ", ")
        for item in (values["personal_data_questions"] ?? "").split(separator: " ") {
            let parts = item.split(separator: ":", maxSplits: 1).map(String.init)
            let found = parts.count == 2 ? parts[1].split(separator: "+").map { PersonalDataSettings.Purpose(rawValue: String($0)) } : []
            guard parts.count == 2, XLSFormLoader.isXMLName(parts[0]), !found.isEmpty, !found.contains(nil) else {
                invalid("personal_data_questions", String(item), "tên_câu:mục_đích[+mục_đích], mục đích là \(purposes); ví dụ ma_nguoi_tl:dedupe+contact")
                continue
            }
            p.questions[parts[0], default: []].formUnion(found.map { $0! })
        }
        if let raw = values["contact_consent"] {
            let parts = raw.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2, XLSFormLoader.isXMLName(parts[0]), !parts[1].isEmpty {
                (p.consentQuestion, p.consentChoice) = (parts[0], parts[1])
            } else {
                invalid("contact_consent", raw, "câu_hỏi=lựa_chọn đồng ý, ví dụ dong_y_lien_he=co")
            }
        }
        if let raw = values["personal_data_retention_days"] {
            if let n = Int(raw), n > 0 { p.retentionDays = n } else { invalid("personal_data_retention_days", raw, "một số ngày lớn hơn 0") }
        }
        if let raw = values["publish_min_respondents"] {
            if let n = Int(raw), (1...1000).contains(n) { p.publishMinRespondents = n } else {
                invalid("publish_min_respondents", raw, "một số nguyên từ 1 đến 1000")
            }
        }
        return p
    }

    private func lineOf(_ key: String, in t: Table) -> FileLocation {
        t.rows.first { t.value($0, 0) == key }.map { t.location($0, 1) } ?? FileLocation(file: t.file, line: 1)
    }

    // The parameters set.csv sets for the whole set and indices.csv per index, read alike.
    mutating func share(_ raw: String, _ key: String, at location: FileLocation) -> Decimal? {
        if let v = Decimals.parse(raw), v >= 0, v <= 1 { return v }
        problems.append(SetProblem(location, .invalidValue(column: key, value: raw, expected: "một số từ 0 đến 1")))
        return nil
    }

    mutating func selectMultiple(_ raw: String, at location: FileLocation) -> SelectMultipleCredit? {
        if let v = SelectMultipleCredit(rawValue: raw) { return v }
        problems.append(SetProblem(location, .invalidValue(column: "select_multiple", value: raw, expected: "share hoặc best")))
        return nil
    }

    mutating func contentPoints(_ raw: String, at location: FileLocation) -> Decimal? {
        if let v = Decimals.parse(raw), v > 0 { return v }
        problems.append(SetProblem(location, .invalidValue(column: "content_points", value: raw, expected: "số điểm của Nội dung 3, ví dụ 12")))
        return nil
    }

    mutating func questionNames(_ raw: String, _ key: String, at location: FileLocation) -> [String] {
        let names = raw.split(separator: " ").map(String.init)
        for name in names where !XLSFormLoader.isXMLName(name) {
            problems.append(SetProblem(location, .invalidValue(column: key, value: name, expected: "tên câu hỏi XLSForm, cách nhau bằng dấu cách")))
        }
        return names
    }

    mutating func indices() -> [IndexDefinition]? {
        guard let t = table("indices.csv"), let cols = t.require(["code", "title"], into: &problems) else { return nil }
        let official = t.column("official_units")
        let points = t.column("content_points"), completeness = t.column("min_completeness")
        let multiple = t.column("select_multiple"), ids = t.column("respondent_id_questions")
        var indices: [IndexDefinition] = []
        for row in t.rows {
            let code = t.value(row, cols["code"]), title = t.value(row, cols["title"])
            if code.isEmpty || title.isEmpty {
                problems.append(SetProblem(t.location(row, code.isEmpty ? cols["code"] : cols["title"]),
                                           .missingValue(column: code.isEmpty ? "code" : "title")))
                continue
            }
            if let first = indices.first(where: { $0.code.rawValue == code }) {
                problems.append(SetProblem(t.location(row, cols["code"]), .duplicateName(code, firstLine: first.line)))
                continue
            }
            let flag = t.value(row, official).lowercased()
            if !["", "yes", "no"].contains(flag) {
                problems.append(SetProblem(t.location(row, official),
                                           .invalidValue(column: "official_units", value: flag, expected: "yes hoặc no")))
            }
            var index = IndexDefinition(code: IndexCode(code), title: title, officialUnits: flag == "yes", line: row.line)
            func own<T>(_ column: Int?, _ read: (inout FolderReader, String, FileLocation) -> T?) -> T? {
                let raw = t.value(row, column)
                return raw.isEmpty ? nil : read(&self, raw, t.location(row, column))
            }
            index.contentPoints = own(points) { $0.contentPoints($1, at: $2) }
            index.minCompleteness = own(completeness) { $0.share($1, "min_completeness", at: $2) }
            index.selectMultiple = own(multiple) { $0.selectMultiple($1, at: $2) }
            index.respondentIdQuestions = own(ids) { $0.questionNames($1, "respondent_id_questions", at: $2) }
            indices.append(index)
        }
        return indices
    }

    /// `ranking.csv`: the thresholds and the quota required when the file is there; the content
    /// numbering, level names, disciplined cap and quota base optional (default: Decision 02050).
    mutating func ranking() -> RankingSettings? {
        guard let t = table("ranking.csv", optional: true), let cols = t.require(["key", "value"], into: &problems) else { return nil }
        var values: [String: (String, Table.Row)] = [:]
        for row in t.rows { values[t.value(row, cols["key"])] = (t.value(row, cols["value"]), row) }
        func value<T>(_ key: String, _ expected: String, _ parse: (String) -> T?) -> T? {
            guard let (raw, row) = values[key] else {
                problems.append(SetProblem(FileLocation(file: t.file, line: 1), .missingValue(column: key)))
                return nil
            }
            guard let v = parse(raw) else {
                problems.append(SetProblem(t.location(row, cols["value"]), .invalidValue(column: key, value: raw, expected: expected)))
                return nil
            }
            return v
        }
        func percent(_ key: String) -> Decimal? {
            value(key, "một tỷ lệ phần trăm từ 0 đến 100") { Decimals.parse($0).flatMap { $0 >= 0 && $0 <= 100 ? $0 : nil } }
        }
        func optional<T>(_ key: String, _ expected: String, _ parse: (String) -> T?) -> T? {
            values[key] == nil ? nil : value(key, expected, parse)
        }
        func numbers(_ raw: String) -> [Int]? {
            let n = raw.split(separator: " ").map { Int($0).flatMap { $0 > 0 ? $0 : nil } }
            return n.isEmpty || n.contains(nil) || Set(n).count != n.count ? nil : n.map { $0! }
        }
        func names(_ raw: String) -> [String]? {
            let n = raw.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return n.count == 4 && !n.contains("") ? n : nil
        }
        let before = problems.count
        var contents = RankingSettings.Contents()
        let levelCode = "một mã mức: " + RankingSettings.levelCodes.joined(separator: ", ")
        let order = "cách nhau bằng dấu cách, ví dụ "
        if let n = optional("survey_content", "số thứ tự của nội dung khảo sát, ví dụ 3", { Int($0) }) { contents.survey = n }
        if let n = optional("council_contents", "số thứ tự các nội dung Hội đồng chấm có điểm tối đa, \(order)1 2 4 5", numbers) { contents.council = n }
        if let n = optional("deduction_content", "số thứ tự nội dung điểm trừ (ví dụ 6) hoặc none", { $0 == "none" ? 0 : Int($0) }) {
            contents.deduction = n == 0 ? nil : n
        }
        if let n = optional("cchc_contents", "số thứ tự các nội dung của kết quả CCHC, \(order)2 3 4 5 6", numbers) { contents.reform = n }
        if let n = optional("tie_breakers", "số thứ tự các nội dung phân định khi bằng điểm, theo thứ tự, \(order)1 2", numbers) {
            contents.tieBreakers = n
        }
        let levelNames = optional("level_names", "bốn tên mức xếp loại từ thấp đến cao, cách nhau bằng |", names)
        let reformNames = optional("cchc_level_names", "bốn tên mức CCHC từ thấp đến cao, cách nhau bằng |", names)
        let cap = optional("disciplined_cap", levelCode) { RankingSettings.levelCodes.contains($0) ? $0 : nil }
        let base = optional("quota_base", levelCode) { RankingSettings.levelCodes.contains($0) ? $0 : nil }
        // Each content is the council's, the survey's or the deduction, once; CCHC and tie-breakers name contents that exist.
        func refuse(_ key: String, _ expected: String) {
            let row = values[key]?.1
            problems.append(SetProblem(row.map { t.location($0, cols["value"]) } ?? FileLocation(file: t.file, line: 1),
                                       .invalidValue(column: key, value: values[key]?.0 ?? "", expected: expected)))
        }
        let existing = Set(contents.all).sorted().map(String.init).joined(separator: " ")
        if Set(contents.all).count != contents.council.count + 1 + (contents.deduction == nil ? 0 : 1) {
            refuse("council_contents", "các nội dung khác nội dung khảo sát (\(contents.survey)) và nội dung điểm trừ")
        }
        if !Set(contents.all).isSuperset(of: contents.reform) { refuse("cchc_contents", "các nội dung trong số \(existing)") }
        if !Set(contents.all).isSuperset(of: contents.tieBreakers) { refuse("tie_breakers", "các nội dung trong số \(existing)") }
        let optionalsClean = problems.count == before
        let maxKeys = contents.council.map { "c\($0)" }
        let maxima = value("council_maxima", maxKeys.map { "\($0)=…" }.joined(separator: " ") + ", ví dụ c1=45 c2=35 c4=5 c5=3") { raw -> [Decimal]? in
            var found: [String: Decimal] = [:]
            for item in raw.split(separator: " ") {
                let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let v = Decimals.parse(parts[1]), v >= 0 else { return nil }
                found[parts[0]] = v
            }
            return Set(found.keys) == Set(maxKeys) ? maxKeys.map { found[$0]! } : nil
        }
        let key = value("ranking_key", "percent hoặc points") { RankingSettings.Key(rawValue: $0) }
        let (completed, good, excellent) = (percent("completed"), percent("good"), percent("excellent"))
        let (average, fair, reformGood) = (percent("reform_average"), percent("reform_fair"), percent("reform_good"))
        let share = value("quota_share", "một số từ 0 đến 1") { Decimals.parse($0).flatMap { $0 >= 0 && $0 <= 1 ? $0 : nil } }
        let rounding = value("quota_rounding", "down, nearest hoặc up") { RankingSettings.QuotaRounding(rawValue: $0) }
        guard let key, let maxima, let completed, let good, let excellent, let average, let fair, let reformGood,
              let share, let rounding, optionalsClean else { return nil }
        var settings = RankingSettings(key: key, councilMaxima: maxima, completed: completed, good: good, excellent: excellent,
                                       reformAverage: average, reformFair: fair, reformGood: reformGood, quotaShare: share,
                                       quotaRounding: rounding)
        settings.contents = contents
        if let levelNames { settings.levelNames = levelNames }
        if let reformNames { settings.reformLevelNames = reformNames }
        if let cap { settings.disciplinedCap = cap }
        if let base { settings.quotaBase = base }
        return settings
    }

    /// `raw` when `indices.csv` has it.
    private func known(_ raw: String, _ indices: [IndexDefinition]) -> IndexCode? {
        indices.first { $0.code.rawValue == raw }?.code
    }

    private func expectedIndex(_ indices: [IndexDefinition]) -> String {
        "một mã của indices.csv (" + indices.map(\.code.rawValue).joined(separator: ", ") + ")"
    }

    mutating func groups(_ knownIndices: [IndexDefinition]) -> [RespondentGroup]? {
        guard let t = table("groups.csv"), let cols = t.require(["code", "name", "indices"], into: &problems)
        else { return nil }
        let rates = t.column("rates")
        var groups: [RespondentGroup] = []
        for row in t.rows {
            let code = t.value(row, cols["code"])
            if let first = groups.first(where: { $0.code == code }) {
                problems.append(SetProblem(t.location(row, cols["code"]), .duplicateName(code, firstLine: first.line)))
                continue
            }
            var indices: Set<IndexCode> = []
            for raw in t.value(row, cols["indices"]).split(separator: " ") {
                if let i = known(String(raw), knownIndices) { indices.insert(i) } else {
                    problems.append(SetProblem(t.location(row, cols["indices"]),
                                               .invalidValue(column: "indices", value: String(raw), expected: expectedIndex(knownIndices))))
                }
            }
            let scope = t.value(row, rates)
            if !["", "any", "own"].contains(scope) {
                problems.append(SetProblem(t.location(row, rates),
                                           .invalidValue(column: "rates", value: scope, expected: "any hoặc own")))
            }
            groups.append(RespondentGroup(code: code, name: t.value(row, cols["name"]), indices: indices,
                                          ownUnitOnly: scope == "own", line: row.line))
        }
        return groups
    }

    mutating func units(_ indices: [IndexDefinition]) -> [RatedUnit]? {
        guard let t = table("units.csv"), let cols = t.require(["code", "index", "name", "type"], into: &problems)
        else { return nil }
        let official = t.column("official_code"), aliases = t.column("aliases"), former = t.column("former_names")
        func names(_ row: Table.Row, _ column: Int?) -> [String] {
            t.value(row, column).split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        var units: [RatedUnit] = []
        var firstLine: [String: Int] = [:]
        for row in t.rows {
            let code = t.value(row, cols["code"])
            guard let index = known(t.value(row, cols["index"]), indices) else {
                problems.append(SetProblem(t.location(row, cols["index"]),
                                           .invalidValue(column: "index", value: t.value(row, cols["index"]), expected: expectedIndex(indices))))
                continue
            }
            if code.isEmpty || t.value(row, cols["name"]).isEmpty {
                problems.append(SetProblem(t.location(row), .missingValue(column: code.isEmpty ? "code" : "name")))
                continue
            }
            if let first = firstLine[code] {
                problems.append(SetProblem(t.location(row, cols["code"]), .duplicateUnitCode(code, firstLine: first)))
                continue
            }
            firstLine[code] = row.line
            units.append(RatedUnit(
                code: code, index: index, name: t.value(row, cols["name"]), type: t.value(row, cols["type"]),
                officialCode: t.value(row, official).nilIfEmpty,
                aliases: names(row, aliases), formerNames: names(row, former), line: row.line))
        }
        return units
    }

    mutating func officialCommunes() -> [(code: String, name: String, line: Int)] {
        guard let t = table("official-communes.csv"), let cols = t.require(["code", "name"], into: &problems)
        else { return [] }
        return t.rows.map { (t.value($0, cols["code"]), t.value($0, cols["name"]), $0.line) }
    }

    mutating func blueprint(_ indices: [IndexDefinition]) -> Blueprint? {
        let names = ["index", "criterion", "criterion_name", "subcriterion", "subcriterion_name", "max_points", "groups"]
        guard let t = table("blueprint.csv"), let cols = t.require(names, into: &problems) else { return nil }
        let method = t.column("method"), threshold = t.column("threshold")
        let minimum = t.column("min_respondents"), lowSample = t.column("low_sample")
        var criteria: [Criterion] = []
        var firstLine: [String: Int] = [:]
        for row in t.rows {
            let before = problems.count
            func invalid(_ c: Int?, _ name: String, _ expected: String) {
                problems.append(SetProblem(t.location(row, c),
                                           .invalidValue(column: name, value: t.value(row, c), expected: expected)))
            }
            let index = known(t.value(row, cols["index"]), indices)
            if index == nil { invalid(cols["index"], "index", expectedIndex(indices)) }
            let code = t.value(row, cols["subcriterion"])
            if code.isEmpty { problems.append(SetProblem(t.location(row, cols["subcriterion"]), .missingValue(column: "subcriterion"))) }
            let maxPoints = Decimals.parse(t.value(row, cols["max_points"]))
            if maxPoints == nil || maxPoints! <= 0 { invalid(cols["max_points"], "max_points", "một số điểm dương, ví dụ 1.25") }
            var groups: [GroupWeight] = []
            for item in t.value(row, cols["groups"]).split(separator: " ") {
                // "group" or "group=weight", each side present: "=", "g=" and "=g" are refused.
                let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let weight = parts.count == 2 ? Decimals.parse(parts[1]) : 1
                if !parts[0].isEmpty, let weight, weight > 0 { groups.append(GroupWeight(group: parts[0], weight: weight)) } else {
                    invalid(cols["groups"], "groups", "dạng nhom=trong_so, ví dụ dbhdnd_tinh=0.5 dn_tc_cd=0.5")
                }
            }
            if groups.isEmpty, problems.count == before { invalid(cols["groups"], "groups", "ít nhất một nhóm người trả lời") }
            var scoring = ScoringMethod.mean
            switch t.value(row, method) {
            case "", "mean": scoring = .mean
            case "minmax": scoring = .minmax
            case "share":
                let raw = t.value(row, threshold)
                if raw.isEmpty { scoring = .share(threshold: 0.75) }
                else if let v = Decimals.parse(raw), v >= 0, v <= 1 { scoring = .share(threshold: v) }
                else { invalid(threshold, "threshold", "một số từ 0 đến 1") }
            default: invalid(method, "method", "mean, share hoặc minmax")
            }
            var minRespondents = 5
            if !t.value(row, minimum).isEmpty {
                if let v = Int(t.value(row, minimum)), v >= 1 { minRespondents = v } else {
                    invalid(minimum, "min_respondents", "một số nguyên từ 1 trở lên")
                }
            }
            var policy = LowSamplePolicy.flag
            if !t.value(row, lowSample).isEmpty {
                if let p = LowSamplePolicy(rawValue: t.value(row, lowSample)) { policy = p } else {
                    invalid(lowSample, "low_sample", "flag, index-mean, not-applicable hoặc zero")
                }
            }
            guard problems.count == before, let index, let maxPoints else { continue }
            let key = index.rawValue + "/" + code
            if let first = firstLine[key] {
                problems.append(SetProblem(t.location(row, cols["subcriterion"]), .duplicateName(code, firstLine: first)))
                continue
            }
            firstLine[key] = row.line
            let sub = SubCriterion(index: index, criterion: t.value(row, cols["criterion"]), code: code,
                                   name: t.value(row, cols["subcriterion_name"]), maxPoints: maxPoints, groups: groups,
                                   method: scoring, minRespondents: minRespondents, lowSample: policy, line: row.line)
            if let i = criteria.firstIndex(where: { $0.index == index && $0.code == sub.criterion }) {
                criteria[i].subcriteria.append(sub)
            } else {
                criteria.append(Criterion(index: index, code: sub.criterion, name: t.value(row, cols["criterion_name"]), subcriteria: [sub]))
            }
        }
        return Blueprint(criteria: criteria)
    }

    mutating func notApplicable() -> [NotApplicable] {
        guard let t = table("not-applicable.csv", optional: true),
              let cols = t.require(["unit_code", "subcriterion"], into: &problems) else { return [] }
        let reason = t.column("reason")
        return t.rows.map {
            NotApplicable(unitCode: t.value($0, cols["unit_code"]), subcriterion: t.value($0, cols["subcriterion"]),
                          reason: t.value($0, reason), line: $0.line)
        }
    }

    mutating func rosters() -> Rosters {
        guard let t = table("rosters.csv", optional: true),
              let cols = t.require(["group", "index", "unit_code", "population"], into: &problems) else { return Rosters() }
        return Rosters(t.rows.compactMap { row in
            let value = t.value(row, cols["population"])
            guard let n = Int(value), n > 0 else {
                problems.append(SetProblem(t.location(row, cols["population"]), .invalidValue(
                    column: "population", value: value, expected: "số người của nhóm (số nguyên dương), ví dụ 69")))
                return nil
            }
            let index = t.value(row, cols["index"]), unit = t.value(row, cols["unit_code"])
            return RosterEntry(group: t.value(row, cols["group"]), index: index.isEmpty ? nil : IndexCode(index),
                               unitCode: unit.isEmpty ? nil : unit, population: n, line: row.line)
        })
    }

    mutating func questionnaires() -> [Questionnaire] {
        let formsDirectory = display("forms")
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: formsDirectory) else {
            problems.append(SetProblem(FileLocation(file: formsDirectory, line: 1), .missingFile))
            return []
        }
        var result: [Questionnaire] = []
        // "~$x.xlsx" is the lock file Excel leaves beside an open workbook.
        for entry in entries.sorted() where !entry.hasPrefix(".") && !entry.hasPrefix("~$") {
            let relative = "forms/" + entry
            let path = display(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            do {
                let sheets: FormSheets
                let files: [String]
                if isDirectory.boolValue {
                    sheets = try XLSFormLoader.sheets(folder: path, name: path)
                    files = ["survey", "choices", "settings"].map { relative + "/" + $0 + ".csv" }
                        .filter { FileManager.default.fileExists(atPath: display($0)) }
                } else if entry.lowercased().hasSuffix(".csv") {
                    sheets = try XLSFormLoader.sheets(singleFile: path, name: path)
                    files = [relative]
                } else if entry.lowercased().hasSuffix(".xlsx") {
                    sheets = try XLSFormLoader.sheets(workbook: path, name: path)
                    files = [relative]
                } else {
                    continue
                }
                filesRead += files
                if let q = XLSFormLoader.questionnaire(from: sheets, source: path, files: files, problems: &problems) {
                    result.append(q)
                }
            } catch let error as CSVError {
                problems.append(SetProblem(error.location ?? FileLocation(file: path, line: 1), .unreadable(error)))
            } catch let error as XLSXError {
                problems.append(SetProblem(FileLocation(file: path, line: 1), .unreadableWorkbook(error)))
            } catch {
                problems.append(SetProblem(FileLocation(file: path, line: 1), .unreadable(.cannotRead(file: path, reason: "\(error)"))))
            }
        }
        if result.isEmpty, !problems.contains(where: { $0.location.file.hasPrefix(formsDirectory) }) {
            problems.append(SetProblem(FileLocation(file: formsDirectory, line: 1), .noQuestionnaires))
        }
        return result
    }
}
