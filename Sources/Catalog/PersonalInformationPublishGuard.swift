import Foundation
import MadoguchiCore
import Privacy

/// The catalogue's publish guard backed by the privacy module's scanner: every text or CSV file of
/// the dataset (and its title, description and tags) is scanned when the dataset is published.
/// Identifying personal information (a name, My Number, birth date or e-mail address) blocks
/// publication until a privacy officer overrides it with a written reason; contact details alone
/// (a facility's phone or address) do not.
public struct PersonalInformationPublishGuard: PublishGuard {
    let guardian: Privacy.PublishGuard
    /// Files larger than this are not read whole into memory for scanning; they need an override.
    public static let maxScannedBytes = 64 * 1024 * 1024

    public init(guardian: Privacy.PublishGuard = Privacy.PublishGuard()) { self.guardian = guardian }

    public func inspect(_ candidate: PublishCandidate) async throws -> [PublishFinding] {
        var findings: [PublishFinding] = []
        for (field, text) in candidate.metadata.sorted(by: { $0.key < $1.key }) where !text.isEmpty {
            let inspection = guardian.inspect(data: Data(text.utf8), fileName: field)
            if inspection.requiresOverride { findings.append(finding(field, inspection)) }
        }
        for file in candidate.files where ["CSV", "TXT", "TSV", "JSON"].contains(file.format.uppercased()) {
            let data = try await file.load()
            let location = "resource:\(file.resourceID.uuidString.lowercased())"
            guard data.count <= Self.maxScannedBytes else {
                findings.append(PublishFinding(location: location, message: LocalizedText(
                    ja: "「\(file.name)」は大きすぎて個人情報の検査ができません（上限 \(Self.maxScannedBytes / 1024 / 1024) MB）。個人情報保護担当の確認が必要です。",
                    en: "\(file.name) is too large to scan for personal information; a privacy officer must check it.")))
                continue
            }
            let inspection = guardian.inspect(data: data, fileName: file.name)
            if inspection.requiresOverride { findings.append(finding(location, inspection, fileName: file.name)) }
        }
        return findings
    }

    private func finding(_ location: String, _ inspection: PublishInspection, fileName: String? = nil) -> PublishFinding {
        let counts = inspection.countsByKind.filter { $0.key.isPersonal }.sorted { $0.key.rawValue < $1.key.rawValue }
        let summary = counts.map { "\($0.key.label) \($0.value)件" }.joined(separator: "、")
        let lines = Set(inspection.findings.map(\.line)).sorted().prefix(5).map(String.init).joined(separator: ", ")
        let subject = fileName.map { "「\($0)」" } ?? "「\(location)」"
        return PublishFinding(location: location, message: LocalizedText(
            ja: "\(subject)に個人情報と思われる記載があります（\(summary)。行：\(lines)）。",
            en: "\(fileName ?? location) seems to contain personal information (\(counts.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")); lines \(lines))."))
    }
}
