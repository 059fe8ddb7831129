import MadoguchiCore

extension Sequence where Element == ModuleManifest {
    /// Every declared source of personal records, in manifest order. A declared source that does not
    /// search (a `DisclosureRecordSource` that is not a `PersonalRecordSource`) is a programming
    /// error: `RecordSourceTests` fails on it.
    public var personalRecordSources: [any PersonalRecordSource] {
        flatMap(\.recordSources).compactMap { $0 as? any PersonalRecordSource }
    }
}
