import MadoguchiCore

/// Counts every finding but keeps only the first `maxReported`, so a broken million-row file
/// yields a report of bounded size with true totals.
struct IssueCollector {
    let maxReported: Int
    private(set) var issues: [ValidationIssue] = []
    private(set) var errors = 0
    private(set) var warnings = 0
    private(set) var counts: [ValidationIssueCode: Int] = [:]

    init(maxReported: Int) { self.maxReported = maxReported }

    mutating func add(_ issue: ValidationIssue) {
        if issue.severity == .error { errors += 1 } else { warnings += 1 }
        counts[issue.code, default: 0] += 1
        if issues.count < maxReported { issues.append(issue) }
    }

    func report(schema: TableSchema, encoding: TextDecoding.Encoding?, rows: Int) -> ValidationReport {
        let verdict: ValidationReport.Verdict = errors > 0 ? .doesNotConform : warnings > 0 ? .conformsWithWarnings : .conforms
        return ValidationReport(schemaName: schema.name, encoding: encoding, rowCount: rows, issues: issues,
                                errorCount: errors, warningCount: warnings,
                                countsByCode: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }),
                                issuesTruncated: errors + warnings > issues.count, verdict: verdict)
    }
}
