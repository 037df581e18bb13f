import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// What the checks (and the bootstrap) need of one accepted submission, in 72 bytes and no reference: names are
/// interned in the collector, ids and answers sit in its flat buffers, times are seconds.
package struct QualityRecord: Sendable, BitwiseCopyable {
    /// Seconds since 1970 (UTC); `Int64.min` when the file has no such column or the cell is
    /// blank (an optional would take 8 bytes more each). First: after the 4-byte fields they
    /// would leave a gap (80 bytes a record).
    private var startedOrMin: Int64
    private var endedOrMin: Int64
    /// Its position in the collector's ids (`idEnds`).
    var index: Int32
    var file: Int32
    package var line: Int32
    var form: Int32
    var unit: Int32
    var group: Int32
    /// -1: none.
    var interviewer: Int32
    /// The respondent's id (a delegate's code, pseudonymised); -1: none. The bootstrap resamples
    /// a delegate who rated several units as a whole.
    var respondent: Int32 = -1
    var device: Int32
    /// Scale questions answered, and, when all got the same choice, that choice (interned); -1 otherwise.
    var scaleAnswered: Int32
    var scaleSame: Int32
    /// Scored questions answered without a score (*Không biết*).
    var unscored: Int32
    /// Where its answer hashes and codes start in the collector's buffers.
    var hashes: Int32
    var codes: Int32

    var started: Int64? { startedOrMin == .min ? nil : startedOrMin }
    var ended: Int64? { endedOrMin == .min ? nil : endedOrMin }

    init(index: Int32, file: Int32, line: Int32, form: Int32, unit: Int32, group: Int32, interviewer: Int32, device: Int32,
         started: Int64?, ended: Int64?, hashes: Int32, codes: Int32) {
        (self.index, self.file, self.line, self.form, self.unit, self.group) = (index, file, line, form, unit, group)
        (self.interviewer, self.device, self.hashes, self.codes) = (interviewer, device, hashes, codes)
        (startedOrMin, endedOrMin) = (started ?? .min, ended ?? .min)
        (scaleAnswered, scaleSame, unscored) = (0, -1, 0)
    }

    var duration: Int64? {
        guard let started, let ended else { return nil }
        return ended - started
    }
}
