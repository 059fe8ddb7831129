import FluentKit
import Foundation

/// What a feature module contributes to the platform. Cross-module features (the personal-information
/// file register, indicators, the permission matrix) read these instead of importing each other.
public struct ModuleManifest: Sendable {
    /// A stable identifier: `core`, `audit`, `catalog`, `counter`…
    public let id: String
    public let title: LocalizedText
    /// Migrations in order; their names are stable (`catalog.0001.create_datasets`).
    public let migrations: [any Migration]
    /// Which role gets which of the module's permissions.
    public let grants: [Role: Set<Permission>]
    /// The personal-information files the module holds (for the register and disclosure requests).
    public let personalInformationFiles: [PersonalInformationFileDeclaration]
    /// Every column that holds sealed values (`FieldCipher` envelopes): key rotation walks these
    /// and nothing else, and a test checks that no sealed value lives in an undeclared column.
    public let encryptedColumns: [EncryptedColumnDeclaration]
    /// What expires under the module's personal-information files (the retention purge walks these).
    public let retentionTargets: [any RetentionTarget]
    /// Where a disclosure request finds a requester's records (one source per personal-information
    /// file that holds residents' records).
    public let recordSources: [any DisclosureRecordSource]
    /// The figures the module offers for the plan's indicators.
    public let indicators: [IndicatorDeclaration]
    /// The module's background jobs; the server runs each at its configured interval.
    public let jobs: [BackgroundJobDeclaration]
    /// The open-data datasets the module publishes from its records (none yet in any module).
    public let openDataExports: [OpenDataExportDeclaration]

    public init(
        id: String,
        title: LocalizedText,
        migrations: [any Migration] = [],
        grants: [Role: Set<Permission>] = [:],
        personalInformationFiles: [PersonalInformationFileDeclaration] = [],
        encryptedColumns: [EncryptedColumnDeclaration] = [],
        retentionTargets: [any RetentionTarget] = [],
        recordSources: [any DisclosureRecordSource] = [],
        indicators: [IndicatorDeclaration] = [],
        jobs: [BackgroundJobDeclaration] = [],
        openDataExports: [OpenDataExportDeclaration] = []
    ) {
        self.id = id
        self.title = title
        self.migrations = migrations
        self.grants = grants
        self.personalInformationFiles = personalInformationFiles
        self.encryptedColumns = encryptedColumns
        self.retentionTargets = retentionTargets
        self.recordSources = recordSources
        self.indicators = indicators
        self.jobs = jobs
        self.openDataExports = openDataExports
    }
}

/// A column whose values are sealed field envelopes (`v1.<keyid>.<base64>`), each bound to its
/// table, column and the row's key, as the module that owns the table declares it.
public struct EncryptedColumnDeclaration: Sendable, Hashable {
    /// How a row is identified; its text form (UUIDs lower-case) is the record id in the binding.
    public enum KeyType: String, Sendable, Hashable { case uuid, text, integer }
    /// How the envelope is stored: as text, or as the envelope's UTF-8 bytes (blob / bytea).
    public enum Storage: String, Sendable, Hashable { case text, bytes }

    public let table: String
    public let column: String
    /// The primary-key column the binding names (`id` for every Fluent model).
    public let keyColumn: String
    public let keyType: KeyType
    public let storage: Storage
    /// The keyed hash rows are found by, if the module looks rows up by this column's value; key
    /// rotation re-keys it with the column.
    public let keyedIndex: KeyedIndexDeclaration?

    public init(table: String, column: String, keyColumn: String = "id", keyType: KeyType = .uuid, storage: Storage = .text,
                keyedIndex: KeyedIndexDeclaration? = nil) {
        self.table = table
        self.column = column
        self.keyColumn = keyColumn
        self.keyType = keyType
        self.storage = storage
        self.keyedIndex = keyedIndex
    }
}

/// A kind of personal record that expires: each module that declares a personal-information file
/// declares one in its manifest, named by the file's declaration id, and deletes its own rows (it
/// knows which date starts the retention clock: a decision, a closed case, a submission).
public protocol RetentionTarget: Sendable {
    /// The `PersonalInformationFileDeclaration.id` whose `retentionDays` applies.
    var fileID: String { get }
    /// Deletes records whose retention period started before `cutoff`; returns counts per municipality.
    /// Called inside the purge's transaction.
    func purge(startedBefore cutoff: Date, on database: any Database) async throws -> [UUID: Int]
}

/// A module's declaration of a personal-information file it holds (個人情報ファイル), with the items
/// the Act (art. 75) requires in the public register, plus its retention period.
public struct PersonalInformationFileDeclaration: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
    public let purpose: String
    public let recordedItems: [String]
    public let personsRecorded: String
    public let collectionMethod: String
    public let containsSpecialCare: Bool
    public let regularRecipients: String
    public let otherLawProcedures: String
    public let electronic: Bool
    /// How long a record is kept, in days, after the event the module names.
    public let retentionDays: Int
    public let retentionBasis: String

    public init(id: String, name: String, purpose: String, recordedItems: [String], personsRecorded: String,
                collectionMethod: String, containsSpecialCare: Bool, regularRecipients: String = "なし",
                otherLawProcedures: String = "なし", electronic: Bool = true, retentionDays: Int, retentionBasis: String) {
        self.id = id
        self.name = name
        self.purpose = purpose
        self.recordedItems = recordedItems
        self.personsRecorded = personsRecorded
        self.collectionMethod = collectionMethod
        self.containsSpecialCare = containsSpecialCare
        self.regularRecipients = regularRecipients
        self.otherLawProcedures = otherLawProcedures
        self.electronic = electronic
        self.retentionDays = retentionDays
        self.retentionBasis = retentionBasis
    }
}

extension PersonalInformationFileDeclaration {
    /// The same declaration with a retention period set by configuration.
    public func withRetention(days: Int, basis: String) -> PersonalInformationFileDeclaration {
        PersonalInformationFileDeclaration(id: id, name: name, purpose: purpose, recordedItems: recordedItems,
                                           personsRecorded: personsRecorded, collectionMethod: collectionMethod,
                                           containsSpecialCare: containsSpecialCare, regularRecipients: regularRecipients,
                                           otherLawProcedures: otherLawProcedures, electronic: electronic,
                                           retentionDays: days, retentionBasis: basis)
    }
}

extension ModuleManifest {
    /// The manifest with one personal-information file's declaration replaced (configured retention).
    public func replacing(file id: String, with transform: (PersonalInformationFileDeclaration) -> PersonalInformationFileDeclaration) -> ModuleManifest {
        ModuleManifest(id: self.id, title: title, migrations: migrations, grants: grants,
                       personalInformationFiles: personalInformationFiles.map { $0.id == id ? transform($0) : $0 },
                       encryptedColumns: encryptedColumns, retentionTargets: retentionTargets, recordSources: recordSources,
                       indicators: indicators, jobs: jobs, openDataExports: openDataExports)
    }
}
