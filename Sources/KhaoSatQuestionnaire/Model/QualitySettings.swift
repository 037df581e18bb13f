import Foundation

/// The parameters of the data-quality checks and of the back-check verdicts (set.csv, each
/// optional, with the defaults below). Flags are evidence for a person to review; they change
/// no point unless a run excludes them.
package struct QualitySettings: Sendable, Codable, Equatable {
    /// `interviewer_question`: the text question with the interviewer's code.
    package var interviewerQuestion = "ma_dtv"
    /// `survey_start`, `survey_end` (YYYY-MM-DD, Vietnam time, both days included).
    package var surveyStart: CivilDate?
    package var surveyEnd: CivilDate?
    /// `quality_speeding_share`: an interview shorter than this share of its form's median.
    package var speedingShare: Decimal = 0.3
    /// `quality_long_minutes`: an interview longer than this.
    package var longMinutes = 240
    /// `quality_night_from`, `quality_night_to`: hours (0–23) of the night, Vietnam time.
    package var nightFrom = 21
    package var nightTo = 6
    /// `quality_straightline_min`: scale questions answered before the same answer to all counts.
    package var straightlineMin = 5
    /// `quality_near_duplicate_share`: share of identical answers with another submission of the unit.
    package var nearDuplicateShare: Decimal = 0.9
    /// `quality_dont_know_share`: share of scored questions answered without a score (*Không biết*).
    package var dontKnowShare: Decimal = 0.5
    /// `quality_concentration_share`, `quality_concentration_min`: one interviewer's share of a
    /// unit's responses, for units with at least that many responses.
    package var concentrationShare: Decimal = 0.6
    package var concentrationMin = 10
    /// `quality_distribution_p`: an interviewer's answers to a question differ from the others'
    /// when the chi-square test's p-value is below this.
    package var distributionP: Decimal = 0.001
    /// `backcheck_type1_reject`: share of type 1 (did it happen, who) mismatches that rejects an
    /// interviewer; any type 1 mismatch at all puts them under review.
    package var backcheckType1Reject: Decimal = 0.1
    /// `backcheck_type2_review`, `backcheck_type2_reject`: the same for type 2 (stable facts).
    package var backcheckType2Review: Decimal = 0.1
    package var backcheckType2Reject: Decimal = 0.3

    package init() {}
}

/// A calendar day.
package struct CivilDate: Sendable, Codable, Equatable, Comparable, CustomStringConvertible {
    package var year: Int
    package var month: Int
    package var day: Int

    package init?(_ text: String) {
        let parts = text.split(separator: "-").map { Int($0) }
        guard parts.count == 3, let y = parts[0], let m = parts[1], let d = parts[2],
              (1...12).contains(m), (1...31).contains(d), (1900...2999).contains(y) else { return nil }
        (year, month, day) = (y, m, d)
    }

    package static func < (a: CivilDate, b: CivilDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    package var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
}
