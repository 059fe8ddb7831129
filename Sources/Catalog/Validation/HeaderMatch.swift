import MadoguchiCore

/// Which file column holds which schema field. Columns are matched by name, so a file with
/// reordered columns is still checked cell by cell, and the reordering is reported once.
struct HeaderMatch {
    /// Schema fields present in the file with their column index, in schema order.
    let columns: [(CompiledField, Int)]
    let width: Int
    private var findings: [ValidationIssue] = []

    init(header: [String], schema: TableSchema) {
        width = header.count
        var positions: [String: Int] = [:]
        var loosePositions: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if positions[name] != nil {
                findings.append(ValidationIssue(code: .duplicateColumn, row: 1, line: 1, column: name, message: LocalizedText(
                    ja: "見出し「\(name)」が重複しています", en: "Column \(name) appears twice")))
                continue
            }
            positions[name] = index
            loosePositions[HeaderMatch.loose(name)] = index
        }
        var matched: [(CompiledField, Int)] = []
        var used = Set<Int>()
        for field in schema.fields {
            if let index = positions[field.name] {
                matched.append((CompiledField(field), index)); used.insert(index)
            } else if let index = loosePositions[HeaderMatch.loose(field.name)] {
                matched.append((CompiledField(field), index)); used.insert(index)
                findings.append(ValidationIssue(code: .headerNotExact, row: 1, line: 1, column: field.name, value: header[index],
                    message: LocalizedText(ja: "見出し「\(header[index])」は正式には「\(field.name)」です（全角・半角や空白の違い）",
                                           en: "Header \(header[index]) should read \(field.name)")))
            } else if field.isRequired {
                findings.append(ValidationIssue(code: .missingRequiredColumn, row: 1, line: 1, column: field.name, message: LocalizedText(
                    ja: "必須の列「\(field.name)」がありません", en: "Required column \(field.name) is missing")))
            } else {
                findings.append(ValidationIssue(code: .missingColumn, row: 1, line: 1, column: field.name, message: LocalizedText(
                    ja: "列「\(field.name)」がありません（値がなくても列は残してください）",
                    en: "Column \(field.name) is missing (keep the column even when empty)")))
            }
        }
        for (index, name) in header.enumerated() where !used.contains(index) && positions[name] == index {
            findings.append(ValidationIssue(code: .extraColumn, row: 1, line: 1, column: name, message: LocalizedText(
                ja: "標準データセットにない列「\(name)」があります", en: "Column \(name) is not in the standard dataset")))
        }
        let order = matched.map(\.1)
        if order != order.sorted() {
            findings.append(ValidationIssue(code: .misorderedColumns, row: 1, line: 1, message: LocalizedText(
                ja: "列の順序が標準データセットと異なります", en: "Columns are not in the standard order")))
        }
        columns = matched
    }

    func report(into collector: inout IssueCollector) {
        for finding in findings { collector.add(finding) }
    }

    /// NFKC without spaces: `名称 _カナ`, `名称＿カナ` and `名称_カナ` name the same column.
    static func loose(_ name: String) -> String {
        JapaneseText.normalized(name).filter { !$0.isWhitespace }
    }
}
