import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// Two sinks fed the same submissions: the tally and the quality records in one pass.
public struct BothSinks<A: SubmissionSink, B: SubmissionSink>: SubmissionSink {
    public static var answersNeeded: AnswersNeeded { max(A.answersNeeded, B.answersNeeded) }
    public var first: A
    public var second: B

    public init(_ first: A, _ second: B) {
        self.first = first
        self.second = second
    }

    public mutating func add(_ s: Submission) {
        first.add(s)
        second.add(s)
    }

    public mutating func merge(_ other: BothSinks) {
        first.merge(other.first)
        second.merge(other.second)
    }
}
