import MadoguchiCore

/// The notices module's manifest: news (お知らせ) with their history, the areas they target, feeds,
/// evacuation alerts published as CAP 1.2 messages, and the mail subscriptions (メール配信サービス) that
/// send both to residents. The subscriptions' file holds addresses only (no names), so disclosure
/// requests, which search by name, have no record source here: a subscriber sees and changes what
/// is kept through the manage link in every mail.
public enum NoticesModule {
    public static let manifest = ModuleManifest(
        id: "notices",
        title: LocalizedText(ja: "お知らせ・緊急情報", en: "Notices and alerts"),
        migrations: [CreateNoticeAreas(), CreateNotices(), CreateNoticeRevisions(), CreateAlerts(), CreateAlertMessages(),
                     CreateNoticeSubscriptions(), CreateSubscriptionLinks(), CreateNoticeFanOuts(), CreateNoticeAttachments(),
                     AddSubscriptionAddressIndexKey(),
                     CreateWebhookEndpoints(), AddFanOutWebhooks()],
        grants: [
            .departmentStaff: [NoticesPermission.writeNotices],
            .municipalityAdministrator: [NoticesPermission.writeNotices, NoticesPermission.manageAreas, NoticesPermission.issueEmergency,
                                         NoticesPermission.manageWebhooks],
            .systemAdministrator: [NoticesPermission.writeNotices, NoticesPermission.manageAreas, NoticesPermission.issueEmergency,
                                   NoticesPermission.manageWebhooks],
        ],
        personalInformationFiles: [SubscriptionFile.declaration],
        encryptedColumns: [EncryptedColumnDeclaration(table: NoticeSubscription.schema, column: "address",
                                                      keyedIndex: NoticeSubscription.addressIndexDeclaration),
                           EncryptedColumnDeclaration(table: WebhookEndpoint.schema, column: "secret")],
        retentionTargets: [SubscriptionRetention()],
        indicators: NoticesIndicators.all,
        jobs: [SubscriptionJobs.fanOut, SubscriptionJobs.expire, WebhookJobs.expire]
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
    /// Register, change and rotate the secret of the webhook endpoints (a LINE/SNS bridge, the
    /// prefecture's system) that receive notices and alerts: the IT section's duty (団体管理者).
    public static let manageWebhooks = Permission("notices.webhooks.manage")
}
