import MadoguchiCore

/// The smart counter's manifest. Checklists are computed from the rule files and a resident's
/// answers are never stored; only sessions saved by counter staff are kept, encrypted.
public enum CounterModule {
    public static let manifest = ModuleManifest(
        id: "counter",
        title: LocalizedText(ja: "スマート窓口（手続案内）", en: "Smart counter"),
        migrations: [CreateCounterSessions(), CreateProcedureOverrides()],
        grants: [
            .counterStaff: [CounterPermission.assist, CounterPermission.viewInventory],
            .departmentStaff: [CounterPermission.viewInventory, CounterPermission.editInventory],
            .municipalityAdministrator: [CounterPermission.viewInventory, CounterPermission.editInventory],
        ],
        personalInformationFiles: [sessionsFile],
        encryptedColumns: [EncryptedColumnDeclaration(table: CounterSession.schema, column: CounterSession.contentColumn)],
        retentionTargets: [CounterSessionRetention()],
        recordSources: [CounterSessionRecords()],
        indicators: CounterIndicators.all
    )

    /// 窓口支援（書かない窓口）受付記録ファイル. The retention is configurable
    /// (`MADOGUCHI_COUNTER_SESSION_RETENTION_DAYS`); this is the default.
    public static let sessionsFile = PersonalInformationFileDeclaration(
        id: "counter.sessions",
        name: "窓口支援受付記録ファイル",
        purpose: "ライフイベントに伴う届出・申請の窓口支援（申請書の作成支援及び受付案内）のため",
        recordedItems: ["氏名", "住所", "生年月日", "性別", "届出の契機となった日", "手続案内の回答内容"],
        personsRecorded: "窓口で手続案内を受けた者及びその関係者（亡くなった方等）",
        collectionMethod: "本人からの聞き取り（窓口）",
        containsSpecialCare: false,
        retentionDays: 30,
        retentionBasis: "受付の日から30日（設定により変更可）"
    )
}

/// The smart counter's permissions.
public enum CounterPermission {
    /// Run 書かない窓口: enter a resident's basic four items and print pre-filled forms.
    public static let assist = Permission("counter.assist")
    /// Read the procedure inventory with its sources and verification dates.
    public static let viewInventory = Permission("counter.inventory.view")
    /// Edit a procedure's definition for the municipality (validated against the whole rule set).
    public static let editInventory = Permission("counter.inventory.edit")
}
