import Foundation

/// One row of a sheet: its number as Excel shows it, and its cells from column A
/// (empty strings where a cell is missing).
package struct XLSXRow: Sendable, Equatable {
    package var number: Int
    package var cells: [String]

    package init(number: Int, cells: [String]) {
        self.number = number
        self.cells = cells
    }
}
