import KhaoSatConvert

/// The answers the submission carries besides its codes: the interview's and the respondent id.
struct MetaAnswers {
    enum Slot: Hashable { case start, end, device, interviewer, respondent(Int) }
    var start, end, device, interviewer: Answer?
    /// One per respondent-id question the form's indices use (nearly always one).
    var respondents: [Answer?] = []

    func respondent(_ i: Int) -> Answer? { i < respondents.count ? respondents[i] : nil }

    mutating func set(_ slot: Slot, _ answer: Answer) {
        switch slot {
        case .start: start = answer
        case .end: end = answer
        case .device: device = answer
        case .interviewer: interviewer = answer
        case .respondent(let i):
            if respondents.count <= i { respondents += Array(repeating: nil, count: i + 1 - respondents.count) }
            respondents[i] = answer
        }
    }
}
