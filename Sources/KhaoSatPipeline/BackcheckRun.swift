import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatIngest
import KhaoSatQuality
import KhaoSatQuestionnaire
import KhaoSatXLSX

/// The two steps of a phúc tra on a replayed run, as files: what `khaosat backcheck` and the
/// portal write.
package enum BackcheckRun {
    /// The sample and its files: the list, and a back-check XLSForm per questionnaire sampled,
    /// as a workbook (what KoBoToolbox and ODK Central take) and as pyxform's CSV.
    /// Where the set declares a contact question, only respondents who consented (and left a
    /// contact) can be called: the sample is drawn among them and `unreachable` says how many were not.
    package static func sample(_ replay: RunReplay, set: QuestionnaireSet, share: Decimal, seed: UInt64,
                              questions: [String]) throws(BackcheckError)
        -> (sample: [BackcheckCandidate], files: [(name: String, bytes: [UInt8])], unreachable: Int) {
        try BackcheckError.check(questions, in: set)
        let contactForms = Set(set.questionnaires.filter { form in
            set.settings.personalData.questions(for: .contact).contains { form.question(named: $0) != nil }
        }.map(\.id))
        let reachable = replay.candidates.filter { !contactForms.contains($0.submission.form) || $0.submission.contact != nil }
        let sample = BackcheckSample.draw(reachable, share: share, seed: seed)
        var files: [(name: String, bytes: [UInt8])] = [
            ("backcheck-sample.csv", CSVEncoder().encode(BackcheckTables.sample(set: set, questions: questions).rows(sample))),
        ]
        // No byte-order mark in a form: pyxform and KoBoToolbox would read it as part of the first header.
        let plain = CSVEncoder(options: CSVWriteOptions(byteOrderMark: false))
        for form in set.questionnaires where sample.contains(where: { $0.submission.form == form.id }) {
            let sheets = try BackcheckForm.make(from: form, questions: questions.filter { form.question(named: $0) != nil }).get()
            files.append(("backcheck-form-\(form.id).xlsx", XLSXWriter.workbook(sheets.workbook)))
            files.append(("backcheck-form-\(form.id).csv", plain.encode(sheets.csvRows)))
        }
        return (sample, files, replay.candidates.count - reachable.count)
    }

    /// A back-check file's rows, in any format KhaoSat reads; group prefixes (`nhom/cau`) dropped.
    package static func rows(path: String, name: String) throws -> [BackcheckRow] {
        var rows: [BackcheckRow] = []
        var header: [String] = []
        _ = try ResponseRows(path: path, name: name).forEachRecord { record in
            if header.isEmpty { header = record.fields.map { String($0.split(separator: "/").last ?? "") }; return }
            var values: [String: String] = [:]
            for (column, value) in zip(header, record.fields) where !column.isEmpty { values[column] = value }
            rows.append(BackcheckRow(source: Source(file: name, line: record.line), values: values))
        }
        return rows
    }

    /// The comparison and its files; `apply`: also each unit's points without the rejected
    /// interviewers (and without what the run already left out), and how many units change.
    package static func compare(_ rows: [BackcheckRow], _ replay: RunReplay, set: QuestionnaireSet, apply: Bool) throws
        -> (comparison: BackcheckComparison, files: [(name: String, bytes: [UInt8])], changedUnits: Int?) {
        let comparison = BackcheckCompare.compare(rows, originals: replay.candidates, set: set)
        let csv = CSVEncoder()
        var files: [(name: String, bytes: [UInt8])] = [
            ("backcheck-questions.csv", csv.encode(BackcheckTables.questions.rows(comparison.questions))),
            ("backcheck-interviewers.csv", csv.encode(BackcheckTables.interviewers.rows(comparison.interviewers))),
            ("backcheck-files.csv", csv.encode(BackcheckTables.files.rows(comparison.files))),
            ("backcheck-differences.csv", csv.encode(BackcheckTables.differences.rows(comparison.differences))),
        ]
        if apply {
            let after = try ConversionRun(set: set, inputs: replay.inputs, options: replay.options, runTime: nil,
                                          excluding: Exclusion(flags: replay.exclusion.flags,
                                                               interviewers: replay.exclusion.interviewers.union(comparison.rejected)))
            let pairs = zip(replay.document.units, after.units).map { (before: $0, after: $1) }
            files.append(("backcheck-apply.csv", csv.encode(BackcheckTables.apply.rows(pairs))))
            return (comparison, files, pairs.filter { $0.before.points != $0.after.points }.count)
        }
        return (comparison, files, nil)
    }
}
