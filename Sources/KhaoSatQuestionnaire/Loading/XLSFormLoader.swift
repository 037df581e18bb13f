import Foundation
import KhaoSatCSV
import KhaoSatXLSX

/// Reads XLSForm questionnaires in any of the layouts people save them in: an .xlsx
/// workbook (sheets `survey`, `choices`, `settings`), pyxform's single CSV file (sheet name
/// in column A) or a folder of `survey.csv`, `choices.csv` and `settings.csv`.
/// Headers, types and spellings are read as pyxform reads them (`Table.key`, `XLSFormTypes`).
enum XLSFormLoader {
    static let sheetNames: Set<String> = ["survey", "choices", "settings"]

    /// pyxform's layout: a non-empty column A starts a sheet; the first non-empty row
    /// after it (possibly on the same line) is the header.
    static func sheets(singleFile path: String, name: String) throws(CSVError) -> FormSheets {
        var sheets: [String: Table] = [:]
        var current: String?
        try Table.forEachRecord(path: path, name: name) { record in
            let sheetCell = record.fields.first?.trimmingCharacters(in: .whitespaces) ?? ""
            if !sheetCell.isEmpty {
                current = sheetCell.lowercased()
                if sheets[current!] == nil {
                    var table = Table(file: name, header: [], rows: [], xlsform: true)
                    table.fieldOffset = 1
                    sheets[current!] = table
                }
            }
            if let sheet = current { sheets[sheet]!.append(line: record.line, cells: record.fields.dropFirst()) }
        }
        return FormSheets(tables: sheets)
    }

    static func sheets(folder path: String, name: String) throws(CSVError) -> FormSheets {
        var sheets: [String: Table] = [:]
        for sheet in sheetNames {
            let file = path + "/" + sheet + ".csv"
            if FileManager.default.fileExists(atPath: file) {
                sheets[sheet] = try Table.read(path: file, name: name + "/" + sheet + ".csv")
                sheets[sheet]!.xlsform = true
            }
        }
        return FormSheets(tables: sheets)
    }

    /// A workbook: the sheets named survey, choices and settings (in any case); others ignored.
    /// Cells go through the same text checks as a CSV field (NFC, legacy fonts). Settings are
    /// read first, so that the choices (a form's bulk) go straight into their lists.
    static func sheets(workbook path: String, name: String) throws -> FormSheets {
        let book = try XLSXWorkbook(path: path, name: name)
        var found: [String: String] = [:]
        for sheet in book.sheetNames where sheetNames.contains(sheet.lowercased()) {
            found[sheet.lowercased()] = found[sheet.lowercased()] ?? sheet
        }
        var form = FormSheets()
        func read(_ key: String, _ body: (Int, [String]) -> Void) throws {
            guard let sheet = found[key] else { return }
            var text = TextInspector(file: name)
            try book.forEachRow(inSheet: sheet) { row in
                var cells: [String] = []
                cells.reserveCapacity(row.cells.count)
                for (i, cell) in row.cells.enumerated() {
                    cells.append(try text.inspect(cell, at: FileLocation(file: name, line: row.number, field: i + 1, sheet: sheet)))
                }
                body(row.number, cells)
            }
            try text.finish()
        }
        for key in ["settings", "survey"] {
            guard let sheet = found[key] else { continue }
            var table = Table(file: name, sheet: sheet, header: [], rows: [], xlsform: true)
            try read(key) { table.append(line: $0, cells: $1) }
            form.tables[key] = table
        }
        if let sheet = found["choices"] {
            var choices = ChoicesReader(Table(file: name, sheet: sheet, header: [], rows: [], xlsform: true),
                                        allowDuplicates: allowsDuplicates(form.tables["settings"]))
            try read("choices") { choices.add(line: $0, cells: $1) }
            form.choices = choices
        }
        return form
    }

    /// `settings.allow_choice_duplicates`.
    static func allowsDuplicates(_ settings: Table?) -> Bool {
        guard let settings, let row = settings.rows.first else { return false }
        return ["yes", "true", "true()", "1"].contains(settings.value(row, settings.column("allow_choice_duplicates")).lowercased())
    }

    static func questionnaire(from form: FormSheets, source: String, files: [String],
                              problems: inout [SetProblem]) -> Questionnaire? {
        let sheets = form.tables
        guard let survey = sheets["survey"] else {
            problems.append(SetProblem(FileLocation(file: source, line: 1), .missingSetting("trang survey")))
            return nil
        }
        let settings = readSettings(sheets["settings"], source: source, problems: &problems)
        let choices = form.choices ?? sheets["choices"].map { ChoicesReader($0, allowDuplicates: allowsDuplicates(sheets["settings"])) }
        problems += choices?.problems ?? []
        var choiceLists = choices?.lists ?? [:]
        let items = readSurvey(survey, choices: choices?.sheet, choiceLists: &choiceLists, problems: &problems)

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

    /// The label columns of a sheet: `label` (language "") and each `label::<language>`.
    static func labelColumns(_ table: Table, _ kind: String = "label") -> [(index: Int, language: String)] {
        (table.column(kind).map { [($0, "")] } ?? []) + table.columns(prefixed: kind + "::").map { ($0.index, $0.suffix) }
    }

    static func labels(_ table: Table, _ row: Table.Row, _ columns: [(index: Int, language: String)]) -> Labels {
        var labels: Labels = [:]
        for (c, language) in columns where !table.value(row, c).isEmpty { labels[language] = table.value(row, c) }
        return labels
    }

    /// One open group or repeat (or the survey itself): names must be unique among its children.
    private struct Container {
        var name: String
        var line: Int
        var isRepeat: Bool
        var children: [String: Int] = [:]
    }

    private static func readSurvey(_ table: Table, choices: Table?, choiceLists: inout [String: ChoiceList],
                                   problems: inout [SetProblem]) -> [Question] {
        guard let cols = table.require(["type", "name"], into: &problems) else { return [] }
        let (typeColumn, nameColumn) = (cols["type"], cols["name"])
        let required = table.column("required"), relevant = table.column("relevant")
        let constraint = table.column("constraint"), subcriterion = table.column("subcriterion")
        let weight = table.column("weight"), parameters = table.column("parameters")
        let hintColumns = Self.labelColumns(table, "hint"), labelColumns = Self.labelColumns(table)
        var items: [Question] = []
        var stack = [Container(name: "", line: table.headerLine, isRepeat: false)]
        var repeatNames: [String: Int] = [:]
        var multipleLists: [String] = []

        for row in table.rows {
            let rawType = table.value(row, typeColumn)
            let name = table.value(row, nameColumn)
            if rawType.isEmpty {
                // pyxform skips a row with neither name nor label (a comment row) and refuses the others.
                if !name.isEmpty || !labels(table, row, labelColumns).isEmpty {
                    problems.append(SetProblem(table.location(row, typeColumn), .missingValue(column: "type")))
                }
                continue
            }
            let parsed: XLSFormTypes.Parsed
            switch XLSFormTypes.parse(rawType) {
            case .success(let p): parsed = p
            case .failure(let failure):
                problems.append(SetProblem(table.location(row, typeColumn), failure == .missingList
                    ? .missingChoiceListName(rawType) : .unknownQuestionType(rawType)))
                continue
            }
            var type = parsed.type
            if type == .endGroup || type == .endRepeat {
                if stack.count == 1 || stack.last!.isRepeat != (type == .endRepeat) {
                    problems.append(SetProblem(table.location(row, typeColumn), .unmatchedEnd(rawType)))
                }
                if stack.count > 1 { stack.removeLast() }
                continue
            }
            if name.isEmpty {
                problems.append(SetProblem(table.location(row, nameColumn), .missingValue(column: "name")))
                continue
            }
            if !isXMLName(name) {
                problems.append(SetProblem(table.location(row, nameColumn), .invalidName(name)))
                continue
            }
            if let first = stack[stack.count - 1].children[name] {
                problems.append(SetProblem(table.location(row, nameColumn), .duplicateName(name, firstLine: first)))
            } else {
                stack[stack.count - 1].children[name] = row.line
            }
            if type == .beginRepeat {
                if let first = repeatNames[name] {
                    problems.append(SetProblem(table.location(row, nameColumn), .duplicateName(name, firstLine: first)))
                }
                repeatNames[name] = repeatNames[name] ?? row.line
            }
            let sub = table.value(row, subcriterion)
            if let (list, multiple) = type.choices {
                switch type {
                case .range:
                    if !sub.isEmpty {
                        switch ChoiceList.forRange(question: name, parameters: table.value(row, parameters)) {
                        case .success(let steps):
                            choiceLists[steps.name] = steps
                            type = .range(list: steps.name)
                        case .failure(let reason):
                            problems.append(SetProblem(table.location(row, parameters), .invalidRange(name, reason: reason.reason)))
                        }
                    }
                default:
                    if let choices = choiceLists[list] {
                        if parsed.orOther {
                            let other = choices.withOther()
                            choiceLists[other.name] = other
                            type = multiple ? .selectMultiple(list: other.name) : .selectOne(list: other.name)
                        }
                    } else {
                        problems.append(SetProblem(table.location(row, typeColumn), .unknownChoiceList(list)))
                    }
                    if multiple { multipleLists.append(list) }
                    if multiple, !sub.isEmpty, let n = type.choices.flatMap({ choiceLists[$0.list] })?.choices.count,
                       n > Question.maxScoredMultipleChoices {
                        problems.append(SetProblem(table.location(row, typeColumn), .tooManyScoredChoices(question: name, choices: n)))
                    }
                }
            } else if !sub.isEmpty {
                problems.append(SetProblem(table.location(row, subcriterion), .scoredQuestionNotSelect(name)))
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
                name: name, type: type, labels: labels(table, row, labelColumns), hints: labels(table, row, hintColumns),
                required: ["yes", "true", "true()", "1", "có"].contains(answer),
                relevant: table.value(row, relevant).nilIfEmpty, constraint: table.value(row, constraint).nilIfEmpty,
                groupPath: stack.dropFirst().map(\.name), subcriterion: sub.nilIfEmpty, weight: w, line: row.line))
            if type == .beginGroup || type == .beginRepeat {
                stack.append(Container(name: name, line: row.line, isRepeat: type == .beginRepeat))
            }
        }
        for open in stack.dropFirst() {
            problems.append(SetProblem(table.location(line: open.line, column: typeColumn), .unbalancedGroup(open.name)))
        }
        // KhaoSat finds answers by question name: a scored name used twice (in different groups,
        // which pyxform allows) would be ambiguous.
        var seen: [String: Question] = [:]
        for q in items {
            if let first = seen[q.name], first.groupPath != q.groupPath, q.isScored || first.isScored {
                problems.append(SetProblem(table.location(line: q.line, column: nameColumn),
                                           .ambiguousScoredName(q.name, firstLine: first.line)))
            }
            seen[q.name] = seen[q.name] ?? q
        }
        // select_multiple answers are space-separated, so their choice names cannot hold spaces.
        for list in Set(multipleLists).sorted() {
            for choice in choiceLists[list]?.choices.filter({ $0.name.contains(" ") }) ?? [] {
                problems.append(SetProblem((choices ?? table).location(line: choice.line),
                                           .choiceNameWithSpace(list: list, name: choice.name)))
            }
        }
        return items
    }

    /// XML element names, as pyxform requires them: a letter or underscore, then letters,
    /// digits, underscores, hyphens or periods.
    static func isXMLName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.dropFirst().allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
    }

    private static func readSettings(_ table: Table?, source: String, problems: inout [SetProblem]) -> [String: String] {
        guard let table, let row = table.rows.first else {
            problems.append(SetProblem(FileLocation(file: source, line: 1), .missingSetting("trang settings")))
            return [:]
        }
        var settings: [String: String] = [:]
        for (i, key) in table.keys.enumerated() where !key.isEmpty { settings[key] = table.value(row, i) }
        for key in ["respondent_group", "unit_question"] where (settings[key] ?? "").isEmpty {
            problems.append(SetProblem(table.location(row), .missingSetting(key)))
        }
        return settings
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
