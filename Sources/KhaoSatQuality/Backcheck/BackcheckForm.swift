import Foundation
import KhaoSatCSV
import KhaoSatQuestionnaire

/// The back-check questionnaire, an XLSForm made from the original: the original submission's
/// id, "did this interview take place?", the unit, then the questions the officer chose, with
/// their choice lists. Single-file CSV layout, as the shipped forms.
public enum BackcheckForm {
    /// The question every back-check asks first (type 1: the interview itself).
    public static let happened = "phuc_tra_co_phong_van"
    /// The original submission's id, filled in by the back-checker from the sample list.
    public static let originalId = "ma_phieu_goc"

    /// nil when a chosen question is not in the form; the message names it.
    public static func make(from form: Questionnaire, questions: [String]) -> Result<[[CSVCell]], BackcheckError> {
        let language = form.defaultLanguage
        func label(_ labels: Labels) -> String { form.label(labels) ?? "" }
        var survey: [[CSVCell]] = [
            ["", "text", .text(originalId), "Mã phiếu gốc (theo danh sách phúc tra)", "yes"],
            ["", "select_one phuc_tra_co_khong", .text(happened),
             "Ông/bà có được điều tra viên phỏng vấn cho phiếu khảo sát này không?", "yes"],
        ]
        var lists: [String] = ["phuc_tra_co_khong"]
        var chosen: [Question] = []
        if let unit = form.question(named: form.unitQuestion) { chosen.append(unit) }
        for name in questions where name != form.unitQuestion {
            guard let q = form.question(named: name), q.type.hasAnswer else { return .failure(.unknownQuestion(name, form: form.id)) }
            chosen.append(q)
        }
        for q in chosen {
            let type: String
            switch q.type {
            case .selectOne(let l), .rank(let l), .range(let l): type = "select_one \(l)"; lists.append(l)
            case .selectMultiple(let l): type = "select_multiple \(l)"; lists.append(l)
            case .integer: type = "integer"
            case .decimal: type = "decimal"
            default: type = "text"  // the unit too: the back-checker writes the code or name heard
            }
            survey.append(["", .text(type), .text(q.name), .text(label(q.labels)), q.required ? "yes" : ""])
        }
        var choices: [[CSVCell]] = [["choices", "list_name", "name", "label", "score"],
                                    ["", "phuc_tra_co_khong", "co", "Có", ""], ["", "phuc_tra_co_khong", "khong", "Không", ""]]
        var seen = Set<String>()
        for l in lists.dropFirst() where seen.insert(l).inserted {
            guard let list = form.choiceLists[l] else { continue }
            for c in list.choices {
                choices.append(["", .text(l), .text(c.name), .text(label(c.labels)), ""])
            }
        }
        let settings: [[CSVCell]] = [
            ["settings", "form_id", "form_title", "version", "default_language", "respondent_group", "unit_question"],
            ["", .text(form.id + "_phuc_tra"), .text("Phúc tra – " + form.title), .text(form.version), .text(language ?? ""),
             .text(form.respondentGroup), .text(form.unitQuestion)],
        ]
        return .success([["survey", "type", "name", "label", "required"]] + survey + choices + settings)
    }
}

public enum BackcheckError: Error, CustomStringConvertible {
    case unknownQuestion(String, form: String)

    public var description: String {
        switch self {
        case .unknownQuestion(let q, let form): return "phiếu \(form) không có câu hỏi \"\(q)\" để phúc tra."
        }
    }
}
