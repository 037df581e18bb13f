/// A unit's notes in words for people (report, workbook, portal), from the codes the run's files
/// write (`UnitResult.flags`: `no_responses`, `low_sample=3.1.1 3.1.2` …).
package enum UnitNotes {
    package static func words(_ flags: [String]) -> String {
        flags.map { flag in
            let parts = flag.split(separator: "=", maxSplits: 1).map(String.init)
            let codes = parts.count > 1 ? parts[1].split(separator: " ").joined(separator: ", ") : ""
            switch parts[0] {
            case "no_responses": return "không có phiếu"
            case Status.lowSample.rawValue: return "ít phiếu ở " + codes
            case Status.imputed.rawValue: return "ít phiếu, lấy bình quân của khối ở " + codes
            case Status.notApplicable.rawValue: return "không áp dụng " + codes
            default: return flag
            }
        }.joined(separator: "; ")
    }
}
