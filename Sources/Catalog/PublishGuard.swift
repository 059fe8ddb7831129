import Foundation
import MadoguchiCore

/// Consulted before a dataset is published. The privacy module plugs in its PII scanner here;
/// the catalogue only knows that findings block publication unless overridden with a reason.
public protocol PublishGuard: Sendable {
    /// Findings for the dataset's metadata and files; empty means nothing suspicious.
    func inspect(_ candidate: PublishCandidate) async throws -> [PublishFinding]
}

/// What the guard may inspect: metadata texts and the current file of each resource.
public struct PublishCandidate: Sendable {
    public let datasetID: UUID
    public let municipalityID: UUID
    /// Field name → text (title, notes, tags…).
    public let metadata: [String: String]
    public let files: [File]

    /// A candidate for a guard outside the catalogue's own publish step (a notice's attachments
    /// are checked by the same guard, with the notice as `datasetID`).
    public init(datasetID: UUID, municipalityID: UUID, metadata: [String: String], files: [File]) {
        self.datasetID = datasetID
        self.municipalityID = municipalityID
        self.metadata = metadata
        self.files = files
    }

    public struct File: Sendable {
        public let resourceID: UUID
        public let name: String
        public let format: String
        /// Loads the bytes on demand, so a guard that skips binaries reads nothing.
        public let load: @Sendable () async throws -> Data

        public init(resourceID: UUID, name: String, format: String, load: @escaping @Sendable () async throws -> Data) {
            self.resourceID = resourceID
            self.name = name
            self.format = format
            self.load = load
        }
    }
}

/// One suspicion: where, and what (never the personal value itself).
public struct PublishFinding: Sendable, Equatable, Codable {
    /// `notes`, `resource:<id>:row:12` …
    public let location: String
    public let message: LocalizedText
    public init(location: String, message: LocalizedText) { self.location = location; self.message = message }
}

/// A written decision to publish despite findings; recorded in the audit log.
public struct PublishOverride: Sendable, Equatable {
    public let reason: String
    public init(reason: String) { self.reason = reason }
}

/// The guard used until the privacy module provides one: finds nothing.
public struct NoPublishGuard: PublishGuard {
    public init() {}
    public func inspect(_ candidate: PublishCandidate) async throws -> [PublishFinding] { [] }
}
