package struct CSVLimits: Sendable {
    /// A field longer than this is almost always an unclosed quote swallowing the file.
    package var maxFieldBytes: Int
    package var maxRecordBytes: Int
    package init(maxFieldBytes: Int = 1 << 20, maxRecordBytes: Int = 16 << 20) {
        self.maxFieldBytes = maxFieldBytes
        self.maxRecordBytes = maxRecordBytes
    }
}
