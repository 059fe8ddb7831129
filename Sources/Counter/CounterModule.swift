import MadoguchiCore

/// The smart counter's manifest. It holds no tables yet: checklists are computed from the rule
/// files, and the answers a resident gives live in the lead's encrypted session, not here.
public enum CounterModule {
    public static let manifest = ModuleManifest(
        id: "counter",
        title: LocalizedText(ja: "スマート窓口（手続案内）", en: "Smart counter"),
        migrations: [],
        grants: [
            .counterStaff: [CounterPermission.assist, CounterPermission.viewInventory],
            .departmentStaff: [CounterPermission.viewInventory],
            .municipalityAdministrator: [CounterPermission.viewInventory],
        ]
    )
}

/// The smart counter's permissions.
public enum CounterPermission {
    /// Run 書かない窓口: enter a resident's basic four items and print pre-filled forms.
    public static let assist = Permission("counter.assist")
    /// Read the procedure inventory with its sources and verification dates.
    public static let viewInventory = Permission("counter.inventory.view")
}
