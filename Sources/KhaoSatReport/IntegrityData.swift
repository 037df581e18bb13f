import Foundation
import KhaoSatCSV

/// What the report shows of a run's integrity: its `quality.csv`, and the verdicts of a
/// back-check compared into the same folder (`backcheck-interviewers.csv`), when there is one.
package struct IntegrityData: Sendable {
    /// Per unit code: the flagged submissions, and per flag how many findings.
    package var flaggedSubmissions: [String: Set<String>] = [:]
    package var flagsByUnit: [String: [String: Int]] = [:]
    /// Interviewer-level findings: (flag, interviewer, unit code or "", evidence).
    package var interviewerFindings: [(flag: String, interviewer: String, unit: String, evidence: String)] = []
    /// Back-check verdicts by interviewer.
    package var verdicts: [String: String] = [:]

    package init() {}

    /// nil when the run has no `quality.csv` (a run made before the checks).
    package static func read(directory: String) throws -> IntegrityData? {
        let path = directory + "/quality.csv"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var data = IntegrityData()
        for row in try CSVReader(path: path).readNamedRows().rows {
            let (unit, flag, id) = (row["unit_code"] ?? "", row["flag"] ?? "", row["submission_id"] ?? "")
            if id.isEmpty {
                data.interviewerFindings.append((flag, row["interviewer"] ?? "", unit, row["evidence"] ?? ""))
            } else {
                data.flaggedSubmissions[unit, default: []].insert(id)
                data.flagsByUnit[unit, default: [:]][flag, default: 0] += 1
            }
        }
        let backcheck = directory + "/backcheck-interviewers.csv"
        if FileManager.default.fileExists(atPath: backcheck) {
            for row in try CSVReader(path: backcheck).readNamedRows().rows { data.verdicts[row["interviewer"] ?? ""] = row["verdict"] ?? "" }
        }
        return data
    }
}
