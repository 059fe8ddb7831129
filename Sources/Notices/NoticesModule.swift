import MadoguchiCore

/// The notices module's manifest: news (お知らせ) with their history, the areas they target, feeds,
/// and evacuation alerts published as CAP 1.2 messages.
public enum NoticesModule {
    public static let manifest = ModuleManifest(
        id: "notices",
        title: LocalizedText(ja: "お知らせ・緊急情報", en: "Notices and alerts"),
        migrations: [CreateNoticeAreas(), CreateNotices(), CreateNoticeRevisions(), CreateAlerts(), CreateAlertMessages()],
        grants: [
            .departmentStaff: [NoticesPermission.writeNotices],
            .municipalityAdministrator: [NoticesPermission.writeNotices, NoticesPermission.manageAreas, NoticesPermission.issueEmergency],
            .systemAdministrator: [NoticesPermission.writeNotices, NoticesPermission.manageAreas, NoticesPermission.issueEmergency],
        ],
        indicators: NoticesIndicators.all
    )
}

/// The notices module's permissions; `NoticesModule.manifest` grants them to roles.
public enum NoticesPermission {
    /// Draft, edit, publish and correct notices (お知らせ) of the municipality.
    public static let writeNotices = Permission("notices.notices.write")
    /// Add the districts (町丁・地区) that notices and alerts target.
    public static let manageAreas = Permission("notices.areas.manage")
    /// Issue, update and lift evacuation alerts (避難情報), and approve a notice of the emergency
    /// category written by someone else (the second person).
    public static let issueEmergency = Permission("notices.emergency.issue")
}
