import MadoguchiCore

/// The smart counter's manifest. It holds no tables yet: checklists are computed from the rule
/// files, and the answers a resident gives live in the lead's encrypted session, not here.
public enum CounterModule {
    public static let manifest = ModuleManifest(
        id: "counter",
        title: LocalizedText(ja: "スマート窓口（手続案内）", en: "Smart counter"),
        migrations: []
    )
}
