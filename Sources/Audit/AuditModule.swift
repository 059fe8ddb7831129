import MadoguchiCore

/// The audit module's manifest.
public enum AuditModule {
    public static let manifest = ModuleManifest(
        id: "audit",
        title: LocalizedText(ja: "監査ログ", en: "Audit log"),
        migrations: [CreateAuditTables()]
    )
}
