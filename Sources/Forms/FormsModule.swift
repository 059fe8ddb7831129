import MadoguchiCore

/// Online applications (電子申請). This part holds the form definitions and their validation;
/// the resident flow, the back office, the outbox and the durability tests are still to come.
public enum FormsModule {
    public static let manifest = ModuleManifest(id: "forms", title: LocalizedText(ja: "電子申請", en: "Online applications"),
                                                migrations: [CreateFormApplications()])
}
