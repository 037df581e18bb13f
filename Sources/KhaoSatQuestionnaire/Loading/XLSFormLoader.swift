import Foundation
import KhaoSatCSV

/// Reads XLSForm questionnaires stored as CSV, in either layout:
/// pyxform's single file (sheet name in column A) or a folder of
/// `survey.csv`, `choices.csv` and `settings.csv`.
enum XLSFormLoader {
    /// pyxform's layout: a non-empty column A starts a sheet; the first non-empty row
    /// after it (possibly on the same line) is the header.
    static func sheets(singleFile path: String, name: String) throws(CSVError) -> [String: Table] {
        var sheets: [String: Table] = [:]
        var current: String?
        do {
            try CSVReader(path: path, name: name).forEachRecord { record in
                let sheetCell = record.fields.first?.trimmingCharacters(in: .whitespaces) ?? ""
                if !sheetCell.isEmpty {
                    current = sheetCell.lowercased()
                    if sheets[current!] == nil {
                        var table = Table(file: name, header: [], rows: [])
                        table.fieldOffset = 1
                        sheets[current!] = table
                    }
                }
                let content = record.fields.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
                guard let sheet = current, content.contains(where: { !$0.isEmpty }) else { return }
                if sheets[sheet]!.header.isEmpty {
                    sheets[sheet]!.header = content
                    sheets[sheet]!.headerLine = record.line
                } else {
                    sheets[sheet]!.rows.append(Table.Row(line: record.line, cells: content))
                }
            }
        } catch let e as CSVError {
            throw e
        } catch {
            throw .cannotRead(file: name, reason: "\(error)")
        }
        return sheets
    }

    static func sheets(folder path: String, name: String) throws(CSVError) -> [String: Table] {
        var sheets: [String: Table] = [:]
        for sheet in ["survey", "choices", "settings"] {
            let file = path + "/" + sheet + ".csv"
            if FileManager.default.fileExists(atPath: file) {
                sheets[sheet] = try Table.read(path: file, name: name + "/" + sheet + ".csv")
            }
        }
        return sheets
    }

    static func questionnaire(from sheets: [String: Table], source: String, files: [String],
                              problems: inout [SetProblem]) -> Questionnaire? {
        guard let survey = sheets["survey"] else {
            problems.append(SetProblem(CSVLocation(file: source, line: 1), .missingSetting("trang survey")))
            return nil
        }
        let choiceLists = readChoices(sheets["choices"], problems: &problems)
        let items = readSurvey(survey, choiceLists: choiceLists, problems: &problems)
        let settings = readSettings(sheets["settings"], source: source, problems: &problems)

        let unitQuestion = settings["unit_question"] ?? ""
        if !unitQuestion.isEmpty {
            let q = items.first { $0.name == unitQuestion }
            switch q?.type {
            case .selectOne?, .selectOneFromFile?: break
            default:
                let table = sheets["settings"]!
                problems.append(SetProblem(table.location(table.rows[0], table.column("unit_question")),
                                           .unitQuestionNotFound(unitQuestion)))
            }
        }
        // Kept even with problems, so that cross-checks report only what is really missing.
        let id = settings["form_id"].flatMap { $0.isEmpty ? nil : $0 }
            ?? URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
        return Questionnaire(
            id: id, title: settings["form_title"] ?? id, version: settings["version"] ?? "",
            defaultLanguage: settings["default_language"].flatMap { $0.isEmpty ? nil : $0 },
            respondentGroup: settings["respondent_group"] ?? "", unitQuestion: unitQuestion,
            items: items, choiceLists: choiceLists, files: files)
    }

    private static func labels(_ table: Table, _ row: Table.Row) -> Labels {
        var labels: Labels = [:]
        if let c = table.column("label"), !table.value(row, c).isEmpty { labels[""] = table.value(row, c) }
        for (c, language) in table.columns(prefixed: "label::") where !table.value(row, c).isEmpty {
            labels[language] = table.value(row, c)
        }
        return labels
    }

    private static func readChoices(_ table: Table?, problems: inout [SetProblem]) -> [String: ChoiceList] {
        guard let table else { return [:] }
        let listColumn = table.column("list_name") ?? table.column("list name")
        if listColumn == nil {
            problems.append(SetProblem(CSVLocation(file: table.file, line: table.headerLine), .missingColumn("list_name")))
        }
        guard let listColumn, let cols = table.require(["name"], into: &problems) else { return [:] }
        let scoreColumn = table.column("score")
        var lists: [String: ChoiceList] = [:]
        var firstLine: [String: Int] = [:]
        for row in table.rows {
            let list = table.value(row, listColumn), name = table.value(row, cols[0])
            if list.isEmpty || name.isEmpty {
                problems.append(SetProblem(table.location(row), .missingValue(column: list.isEmpty ? "list_name" : "name")))
                continue
            }
            if let first = firstLine[list + "\u{0}" + name] {
                problems.append(SetProblem(table.location(row, cols[0]), .duplicateName(name, firstLine: first)))
                continue
            }
            firstLine[list + "\u{0}" + name] = row.line
            var score: Decimal?
            let rawScore = table.value(row, scoreColumn)
            if !rawScore.isEmpty {
                if let s = Decimals.parse(rawScore), s >= 0, s <= 1 { score = s } else {
                    problems.append(SetProblem(table.location(row, scoreColumn), .scoreOutOfRange(rawScore)))
                }
            }
            lists[list, default: ChoiceList(name: list, choices: [])].choices.append(
                Choice(name: name, labels: labels(table, row), score: score, line: row.line))
        }
        return lists
    }

    private static func readSurvey(_ table: Table, choiceLists: [String: ChoiceList],
                                   problems: inout [SetProblem]) -> [Question] {
        guard let cols = table.require(["type", "name"], into: &problems) else { return [] }
        let (typeColumn, nameColumn) = (cols[0], cols[1])
        let required = table.column("required"), relevant = table.column("relevant") ?? table.column("relevance")
        let constraint = table.column("constraint"), subcriterion = table.column("subcriterion")
        let weight = table.column("weight")
        var items: [Question] = []
        var groups: [(name: String, line: Int)] = []
        var firstLine: [String: Int] = [:]
        var multipleLists: [(list: String, line: Int)] = []

        for row in table.rows {
            let rawType = table.value(row, typeColumn)
            guard let type = QuestionType(xlsform: rawType) else {
                problems.append(SetProblem(table.location(row, typeColumn), .unknownQuestionType(rawType)))
                continue
            }
            let name = table.value(row, nameColumn)
            switch type {
            case .endGroup, .endRepeat:
                if groups.popLast() == nil {
                    problems.append(SetProblem(table.location(row, typeColumn), .unbalancedGroup(name)))
                }
                continue
            default:
                break
            }
            if name.isEmpty {
                problems.append(SetProblem(table.location(row, nameColumn), .missingValue(column: "name")))
                continue
            }
            if let first = firstLine[name] {
                problems.append(SetProblem(table.location(row, nameColumn), .duplicateName(name, firstLine: first)))
            } else {
                firstLine[name] = row.line
            }
            switch type {
            case .selectOne(let list), .selectMultiple(let list):
                if choiceLists[list] == nil {
                    problems.append(SetProblem(table.location(row, typeColumn), .unknownChoiceList(list)))
                }
                if case .selectMultiple = type { multipleLists.append((list, row.line)) }
            default:
                break
            }
            let sub = table.value(row, subcriterion)
            if !sub.isEmpty {
                switch type {
                case .selectOne, .selectMultiple: break
                default: problems.append(SetProblem(table.location(row, subcriterion), .scoredQuestionNotSelect(name)))
                }
            }
            var w: Decimal = 1
            let rawWeight = table.value(row, weight)
            if !rawWeight.isEmpty {
                if let parsed = Decimals.parse(rawWeight), parsed > 0 { w = parsed } else {
                    problems.append(SetProblem(table.location(row, weight),
                                               .invalidValue(column: "weight", value: rawWeight, expected: "một số dương")))
                }
            }
            let answer = table.value(row, required).lowercased()
            items.append(Question(
                name: name, type: type, labels: labels(table, row),
                required: ["yes", "true", "true()", "1", "có"].contains(answer),
                relevant: table.value(row, relevant).nilIfEmpty, constraint: table.value(row, constraint).nilIfEmpty,
                groupPath: groups.map(\.name), subcriterion: sub.nilIfEmpty, weight: w, line: row.line))
            if type == .beginGroup || type == .beginRepeat { groups.append((name, row.line)) }
        }
        for open in groups {
            problems.append(SetProblem(CSVLocation(file: table.file, line: open.line), .unbalancedGroup(open.name)))
        }
        // select_multiple answers are space-separated, so their choice names cannot hold spaces.
        var reported: Set<String> = []
        for (list, _) in multipleLists where !reported.contains(list) {
            reported.insert(list)
            for choice in choiceLists[list]?.choices ?? [] where choice.name.contains(" ") {
                problems.append(SetProblem(CSVLocation(file: table.file, line: choice.line),
                                           .choiceNameWithSpace(list: list, name: choice.name)))
            }
        }
        return items
    }

    private static func readSettings(_ table: Table?, source: String, problems: inout [SetProblem]) -> [String: String] {
        guard let table, let row = table.rows.first else {
            problems.append(SetProblem(CSVLocation(file: source, line: 1), .missingSetting("trang settings")))
            return [:]
        }
        var settings: [String: String] = [:]
        for (i, key) in table.header.enumerated() where !key.isEmpty { settings[key] = table.value(row, i) }
        for key in ["respondent_group", "unit_question"] where (settings[key] ?? "").isEmpty {
            problems.append(SetProblem(CSVLocation(file: table.file, line: row.line), .missingSetting(key)))
        }
        return settings
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
