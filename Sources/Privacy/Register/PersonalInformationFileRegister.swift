import MadoguchiCore

/// 個人情報ファイル簿 (art. 75): one entry per personal-information file the modules declare, with
/// the Act's items and the retention period. Built from the manifests so that a module cannot hold
/// a file the public register does not show.
public struct PersonalInformationFileRegister: Sendable {
    /// The items a declaration does not know: who holds it and where residents send requests.
    public struct Context: Sendable {
        public let bodyName: String
        public let requestOffice: String
        /// The unit in charge per file id; `defaultUnit` otherwise.
        public let unitsByFileID: [String: String]
        public let defaultUnit: String

        public init(bodyName: String, requestOffice: String, unitsByFileID: [String: String] = [:], defaultUnit: String) {
            self.bodyName = bodyName
            self.requestOffice = requestOffice
            self.unitsByFileID = unitsByFileID
            self.defaultUnit = defaultUnit
        }
    }

    /// One register entry as labelled items, in the order the Act lists them.
    public struct Entry: Sendable, Hashable {
        public let fileID: String
        public let moduleID: String
        public let items: [Item]
    }

    public struct Item: Sendable, Hashable {
        public let label: String
        public let value: String
    }

    public let entries: [Entry]

    public static let labels = [
        "個人情報ファイルの名称", "行政機関等の名称", "個人情報ファイルが利用に供される事務をつかさどる組織の名称",
        "個人情報ファイルの利用目的", "記録項目", "記録範囲", "記録情報の収集方法", "要配慮個人情報が含まれるときは、その旨",
        "記録情報の経常的提供先", "開示請求等を受理する組織の名称及び所在地", "他の法令の規定による特別の手続等",
        "電算処理ファイル／マニュアル処理ファイルの別", "保存期間", "保存期間の根拠",
    ]

    public init(manifests: [ModuleManifest], context: Context) {
        entries = manifests.flatMap { manifest in
            manifest.personalInformationFiles.map { file in
                let values = [
                    file.name, context.bodyName, context.unitsByFileID[file.id] ?? context.defaultUnit, file.purpose,
                    file.recordedItems.joined(separator: "、"), file.personsRecorded, file.collectionMethod,
                    file.containsSpecialCare ? "含む" : "含まない", file.regularRecipients, context.requestOffice,
                    file.otherLawProcedures, file.electronic ? "電算処理ファイル" : "マニュアル処理ファイル",
                    Self.retentionLabel(days: file.retentionDays), file.retentionBasis,
                ]
                return Entry(fileID: file.id, moduleID: manifest.id,
                             items: zip(Self.labels, values).map { Item(label: $0, value: $1) })
            }
        }.sorted { ($0.moduleID, $0.fileID) < ($1.moduleID, $1.fileID) }
    }

    /// 5年 for multiples of 365 days, otherwise the days.
    public static func retentionLabel(days: Int) -> String {
        days > 0 && days % 365 == 0 ? "\(days / 365)年" : "\(days)日"
    }

    /// The register as CSV, one file per row, for publishing as open data.
    public func csv() -> String {
        CSVWriter.document(header: Self.labels, rows: entries.map { $0.items.map(\.value) })
    }
}
