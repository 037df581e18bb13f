import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// Two sinks fed the same submissions: the tally and the quality records in one pass.
package struct BothSinks<A: SubmissionSink, B: SubmissionSink>: SubmissionSink {
    package var first: A
    package var second: B

    package init(_ first: A, _ second: B) {
        self.first = first
        self.second = second
    }

    package mutating func add(_ s: Submission) {
        first.add(s)
        second.add(s)
    }

    package mutating func merge(_ other: BothSinks) {
        first.merge(other.first)
        second.merge(other.second)
    }
}
