import Foundation
import MadoguchiCore

/// Checks an uploaded CSV against a standard dataset schema: encoding, header, CSV structure and
/// every cell, reporting by row and column in Japanese and English with a conformity verdict.
public struct CSVValidator: Sendable {
    public let limits: ValidationLimits

    public init(limits: ValidationLimits = .standard) { self.limits = limits }

    public func validate(_ data: Data, against schema: TableSchema) -> ValidationReport {
        var collector = IssueCollector(maxReported: limits.maxReportedIssues)
        guard data.count <= limits.maxBytes else {
            collector.add(ValidationIssue(code: .fileTooLarge, message: LocalizedText(
                ja: "ファイルが大きすぎます（上限 \(limits.maxBytes / 1_048_576) MB）",
                en: "The file is too large (limit \(limits.maxBytes / 1_048_576) MB)")))
            return collector.report(schema: schema, encoding: nil, rows: 0)
        }
        let decoded: TextDecoding.Decoded
        do { decoded = try TextDecoding.decode(data) } catch {
            collector.add(ValidationIssue(code: .unreadableEncoding, message: error.message))
            return collector.report(schema: schema, encoding: nil, rows: 0)
        }
        switch decoded.encoding {
        case .utf8, .utf8WithBOM: break
        default:
            collector.add(ValidationIssue(code: .notUTF8, message: LocalizedText(
                ja: "文字コードが \(decoded.encoding.rawValue) です。UTF-8 に変換して公開してください（変換できます）",
                en: "The file is \(decoded.encoding.rawValue); publish it as UTF-8 (conversion is offered)")))
        }
        var text = decoded.text
        var dataRows = 0
        text.withUTF8 { bytes in
            dataRows = validateRecords(bytes, schema: schema, collector: &collector)
        }
        return collector.report(schema: schema, encoding: decoded.encoding, rows: dataRows)
    }

    /// Re-encodes a readable file as UTF-8 with a BOM (as the national templates are) so that it can
    /// be published in the recommended encoding; the content is unchanged.
    public static func convertToUTF8(_ data: Data) throws(TextDecoding.Failure) -> Data {
        let decoded = try TextDecoding.decode(data)
        return Data((CSVWriter.byteOrderMark + decoded.text).utf8)
    }

    private func validateRecords(_ bytes: UnsafeBufferPointer<UInt8>, schema: TableSchema, collector: inout IssueCollector) -> Int {
        var header: HeaderMatch?
        var recordNumber = 0
        var dataRows = 0
        CSVRecordReader.forEachRecord(in: bytes) { record in
            recordNumber += 1
            reportSyntax(record, row: recordNumber, collector: &collector)
            guard let match = header else {
                let match = HeaderMatch(header: record.cells, schema: schema)
                match.report(into: &collector)
                header = match
                return true
            }
            dataRows += 1
            if dataRows > limits.maxRows {
                dataRows -= 1
                collector.add(ValidationIssue(code: .rowLimitReached, row: recordNumber, line: record.line, message: LocalizedText(
                    ja: "行数が上限（\(limits.maxRows) 行）を超えたため、以降は検査していません",
                    en: "Stopped after \(limits.maxRows) rows (the limit)")))
                return false
            }
            checkRow(record, row: recordNumber, header: match, collector: &collector)
            return true
        }
        if header == nil {
            collector.add(ValidationIssue(code: .emptyFile, message: LocalizedText(ja: "ファイルが空です", en: "The file is empty")))
        }
        return dataRows
    }

    private func reportSyntax(_ record: CSVRecordReader.Record, row: Int, collector: inout IssueCollector) {
        for problem in record.problems {
            switch problem {
            case .unterminatedQuote:
                collector.add(ValidationIssue(code: .unterminatedQuote, row: row, line: record.line, message: LocalizedText(
                    ja: "引用符（\"）が閉じられていません。ファイルが途中で切れている可能性があります",
                    en: "A quoted cell is never closed; the file may be truncated")))
            case .textAfterClosingQuote, .quoteInUnquotedCell:
                collector.add(ValidationIssue(code: .malformedQuote, row: row, line: record.line, message: LocalizedText(
                    ja: "引用符（\"）の使い方が正しくありません（セル内の \" は \"\" と書きます）",
                    en: "Misplaced quote; write a quote inside a cell as \"\"")))
            }
        }
    }

    private func checkRow(_ record: CSVRecordReader.Record, row: Int, header: HeaderMatch, collector: inout IssueCollector) {
        let cells = record.cells
        if cells.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) {
            collector.add(ValidationIssue(code: .blankRow, row: row, line: record.line,
                                          message: LocalizedText(ja: "空行です（削除してください）", en: "Blank row")))
            return
        }
        if cells.count > header.width {
            collector.add(ValidationIssue(code: .extraCells, row: row, line: record.line, message: LocalizedText(
                ja: "列数が見出しより多くなっています（\(cells.count) 列、見出しは \(header.width) 列）",
                en: "\(cells.count) cells but the header has \(header.width)")))
        } else if cells.count < header.width {
            collector.add(ValidationIssue(code: .missingCells, row: row, line: record.line, message: LocalizedText(
                ja: "列数が見出しより少なくなっています（\(cells.count) 列、見出しは \(header.width) 列）",
                en: "\(cells.count) cells but the header has \(header.width)")))
        }
        for (field, column) in header.columns where column < cells.count {
            let cell = cells[column]
            CellRules.check(cell, field: field) { code, message, severity in
                collector.add(ValidationIssue(code: code, severity: severity, row: row, line: record.line,
                                              column: field.field.name, value: cell, message: message))
            }
        }
    }
}
