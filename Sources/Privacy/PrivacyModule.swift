import MadoguchiCore

/// The privacy module's manifest. Its permissions, files and migrations grow with issue 5.
public enum PrivacyModule {
    public static let manifest = ModuleManifest(id: "privacy", title: LocalizedText(ja: "個人情報保護", en: "Privacy"))
}
