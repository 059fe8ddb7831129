import Foundation
import MadoguchiCore

/// Checks an uploaded CSV against a standard dataset schema: encoding, header, CSV structure and
/// every cell, reporting by row and column in Japanese and English with a conformity verdict.
public struct CSVValidator: Sendable {
    public let limits: ValidationLimits

    public init(limits: ValidationLimits = .standard) { self.limits = limits }

    /// Validates bytes in memory (tests, small files); the same reading as a stream, a piece at a time.
    public func validate(_ data: Data, against schema: TableSchema) -> ValidationReport {
        validate(byteCount: data.count, against: schema) { consume in
            data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                var offset = 0
                while offset < bytes.count {
                    let end = min(offset + Self.pieceSize, bytes.count)
                    if !consume(UnsafeBufferPointer(rebasing: bytes[offset..<end])) { return }
                    offset = end
                }
            }
        }
    }

    /// Validates a file of `byteCount` bytes that `read` hands over in pieces, in order, from the
    /// first byte, until `consume` returns false. `read` may be called twice: a file that turns out
    /// not to be UTF-8 is read again as Shift_JIS. Memory stays at a piece and one record whatever
    /// the file's size.
    public func validate(byteCount: Int, against schema: TableSchema,
                         read: (_ consume: (UnsafeBufferPointer<UInt8>) -> Bool) throws -> Void) rethrows -> ValidationReport {
        if let tooLarge = tooLarge(byteCount, schema: schema) { return tooLarge }
        var plan = CSVValidationRun.Plan.detect
        while true {
            var run = CSVValidationRun(schema: schema, limits: limits, plan: plan)
            try read { run.feed($0) }
            switch run.finish() {
            case .report(let report): return report
            case .readAgain(let next): plan = next
            }
        }
    }

    /// Validates a stored file streamed by `read` (a blob store's read): each chunk is validated as
    /// it arrives and dropped. As above, `read` may be called a second time.
    public func validate(byteCount: Int, against schema: TableSchema,
                         read: (_ consume: (Data) async throws -> Void) async throws -> Void) async throws -> ValidationReport {
        if let tooLarge = tooLarge(byteCount, schema: schema) { return tooLarge }
        var plan = CSVValidationRun.Plan.detect
        while true {
            var run = CSVValidationRun(schema: schema, limits: limits, plan: plan)
            do {
                try await read { chunk in
                    let more = chunk.withUnsafeBytes { run.feed($0.bindMemory(to: UInt8.self)) }
                    if !more { throw EnoughRead() }
                }
            } catch is EnoughRead {}
            switch run.finish() {
            case .report(let report): return report
            case .readAgain(let next): plan = next
            }
        }
    }

    /// Thrown into a reader to stop it once the outcome is known.
    private struct EnoughRead: Error {}

    static let pieceSize = 1 << 20

    private func tooLarge(_ byteCount: Int, schema: TableSchema) -> ValidationReport? {
        guard byteCount > limits.maxBytes else { return nil }
        var collector = IssueCollector(maxReported: limits.maxReportedIssues)
        collector.add(ValidationIssue(code: .fileTooLarge, message: LocalizedText(
            ja: "ファイルが大きすぎます（上限 \(limits.maxBytes / 1_048_576) MB）",
            en: "The file is too large (limit \(limits.maxBytes / 1_048_576) MB)")))
        return collector.report(schema: schema, encoding: nil, rows: 0)
    }

    /// Re-encodes a readable file as UTF-8 with a BOM (as the national templates are) so that it can
    /// be published in the recommended encoding; the content is unchanged.
    public static func convertToUTF8(_ data: Data) throws(TextDecoding.Failure) -> Data {
        let decoded = try TextDecoding.decode(data)
        return Data((CSVWriter.byteOrderMark + decoded.text).utf8)
    }
}
