import Foundation
import MadoguchiCore

/// What the catalogue asks before a resource goes public: does the file carry personal information?
/// Contact details alone (an address or phone without any name, My Number or birth date) are what
/// facility lists publish on purpose, so they warn; identifying data blocks until a privacy officer
/// overrides (permission `privacy.publish.override`).
public struct PublishGuard: Sendable {
    public var scanner: DocumentScanner
    /// Findings at or above this score count towards blocking.
    public var blockingScore: Double
    /// When true, files that cannot be scanned (PDF, spreadsheets, images) also need an override.
    public var blockUnscannable: Bool

    public init(scanner: DocumentScanner = DocumentScanner(), blockingScore: Double = 0.6, blockUnscannable: Bool = false) {
        self.scanner = scanner
        self.blockingScore = blockingScore
        self.blockUnscannable = blockUnscannable
    }

    /// Kinds that identify a person by themselves.
    static let identifying: Set<PIIKind> = [.myNumber, .personName, .birthDate, .email]

    public func inspect(data: Data, fileName: String) -> PublishInspection {
        let report: ScanReport
        do {
            report = try scanner.scan(data: data, fileName: fileName)
        } catch {
            return PublishInspection(verdict: blockUnscannable ? .block : .unscannable, findings: [], problem: error.message)
        }
        let strong = report.findings.filter { $0.score >= blockingScore && $0.kind.isPersonal }
        let verdict: PublishInspection.Verdict
        if strong.contains(where: { Self.identifying.contains($0.kind) }) {
            verdict = .block
        } else if report.findings.contains(where: { $0.kind.isPersonal }) {
            verdict = .warn
        } else {
            verdict = .clear
        }
        return PublishInspection(verdict: verdict, findings: report.findings, problem: nil)
    }
}

/// The publish guard's answer for one resource.
public struct PublishInspection: Sendable {
    public enum Verdict: String, Sendable {
        /// Nothing personal found.
        case clear
        /// Contact details or weak matches: show them, publishing may go on.
        case warn
        /// Identifying personal information: publishing needs a privacy officer's override.
        case block
        /// The file is not text; nothing could be checked.
        case unscannable
    }

    public let verdict: Verdict
    /// Masked findings to show the uploader.
    public let findings: [PIIFinding]
    /// Why the file could not be scanned, when it could not.
    public let problem: LocalizedText?

    public var requiresOverride: Bool { verdict == .block }

    /// How many findings of each kind, for a short summary line.
    public var countsByKind: [PIIKind: Int] {
        findings.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 }
    }
}
