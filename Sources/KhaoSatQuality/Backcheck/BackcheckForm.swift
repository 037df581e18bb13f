import Foundation
import KhaoSatCSV
import KhaoSatQuestionnaire

/// The back-check questionnaire, an XLSForm made from the original: the original submission's
/// id, "did this interview take place?", the unit, then the questions the officer chose, with
/// their choice lists. Single-file CSV layout, as the shipped forms.
package enum BackcheckForm {
    /// The question every back-check asks first (type 1: the interview itself).
    package static let happened = "phuc_tra_co_phong_van"
    /// The original submission's id, filled in by the back-checker from the sample list.
    package static let originalId = "ma_phieu_goc"

    /// The three sheets of the form, each with its header row.
    package struct Sheets: Sendable, Equatable {
        package var survey: [[String]]
        package var choices: [[String]]
        package var settings: [[String]]

        /// pyxform's single-file CSV layout: each section's rows after a row naming it.
        package var csvRows: [[CSVCell]] {
            [("survey", survey), ("choices", choices), ("settings", settings)].flatMap { name, rows in
                rows.enumerated().map { i, row in [.text(i == 0 ? name : "")] + row.map { CSVCell.text($0) } }
            }
        }

        /// The sheets as a workbook needs them: (name, rows).
        package var workbook: [(name: String, rows: [[String]])] { [("survey", survey), ("choices", choices), ("settings", settings)] }
    }

    /// A failure names the chosen question the form does not have.
    package static func make(from form: Questionnaire, questions: [String]) -> Result<Sheets, BackcheckError> {
        let language = form.defaultLanguage
        func label(_ labels: Labels) -> String { form.label(labels) ?? "" }
        var survey: [[String]] = [
            ["type", "name", "label", "required", "parameters"],
            ["text", originalId, "Mã phiếu gốc (theo danh sách phúc tra)", "yes", ""],
            ["select_one phuc_tra_co_khong", happened, "Ông/bà có được điều tra viên phỏng vấn cho phiếu khảo sát này không?", "yes", ""],
        ]
        var lists: [String] = ["phuc_tra_co_khong"]
        var chosen: [Question] = []
        if let unit = form.question(named: form.unitQuestion) { chosen.append(unit) }
        for name in questions where name != form.unitQuestion {
            guard let q = form.question(named: name), q.type.hasAnswer else { return .failure(.unknownQuestion(name, form: form.id)) }
            chosen.append(q)
        }
        for q in chosen {
            var type = "text", parameters = ""
            switch q.type {
            case .selectOne(let l), .rank(let l), .range(let l): type = "select_one \(l)"; lists.append(l)
            case .selectMultiple(let l): type = "select_multiple \(l)"; lists.append(l)
            case .selectOneFromFile(let file): type = "select_one_from_file \(file)"; parameters = "value=code label=name"
            case .integer: type = "integer"
            case .decimal: type = "decimal"
            default: break
            }
            survey.append([type, q.name, label(q.labels), q.required ? "yes" : "", parameters])
        }
        var choices: [[String]] = [["list_name", "name", "label"], ["phuc_tra_co_khong", "co", "Có"], ["phuc_tra_co_khong", "khong", "Không"]]
        var seen = Set<String>()
        for l in lists.dropFirst() where seen.insert(l).inserted {
            guard let list = form.choiceLists[l] else { continue }
            for c in list.choices {
                choices.append([l, c.name, label(c.labels)])
            }
        }
        let settings = [["form_id", "form_title", "version", "default_language", "respondent_group", "unit_question"],
                        [form.id + "_phuc_tra", "Phúc tra – " + form.title, form.version, language ?? "", form.respondentGroup, form.unitQuestion]]
        return .success(Sheets(survey: survey, choices: choices, settings: settings))
    }
}

package enum BackcheckError: Error, CustomStringConvertible {
    case unknownQuestion(String, form: String)
    /// No questionnaire of the set has it.
    case notInSet(String, set: String)

    package var description: String {
        switch self {
        case .unknownQuestion(let q, let form): return "phiếu \(form) không có câu hỏi \"\(q)\" để phúc tra."
        case .notInSet(let q, let set): return "bộ phiếu \(set) không có câu hỏi \"\(q)\" để phúc tra."
        }
    }

    /// The first of `questions` no questionnaire of the set asks: checked before a run's inputs are read again.
    package static func check(_ questions: [String], in set: QuestionnaireSet) throws(BackcheckError) {
        for q in questions where !set.questionnaires.contains(where: { $0.question(named: q) != nil }) {
            throw .notInSet(q, set: set.name)
        }
    }
}
