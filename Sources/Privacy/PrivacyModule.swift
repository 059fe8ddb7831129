import MadoguchiCore

/// The privacy module's manifest: its migrations, its permissions and who holds them, and the
/// personal-information file it keeps itself (the requests residents file), and the retention job
/// that walks every module's retention targets and encrypted columns.
public enum PrivacyModule {
    public static let manifest = ModuleManifest(
        id: "privacy",
        title: LocalizedText(ja: "個人情報保護", en: "Personal-information protection"),
        migrations: [CreatePrivacyRequests(), CreatePrivacyLeases()],
        grants: [
            .privacyOfficer: [PrivacyPermission.manageRequests, PrivacyPermission.overridePublishGuard,
                              PrivacyPermission.viewMyNumber, PrivacyPermission.manageRegister, PrivacyPermission.scanFiles],
            .municipalityAdministrator: [PrivacyPermission.manageRegister, PrivacyPermission.scanFiles],
            .departmentStaff: [PrivacyPermission.scanFiles],
            .auditor: [PrivacyPermission.manageRegister],
        ],
        personalInformationFiles: [requestsFile],
        encryptedColumns: ["requester_name", "requester_address", "requester_contact", "subject"].map {
            EncryptedColumnDeclaration(table: PrivacyRequest.schema, column: $0)
        },
        retentionTargets: [PrivacyRequestRetention()],
        recordSources: [PrivacyRequestRecords()],
        indicators: PrivacyIndicators.all,
        jobs: [RetentionJob.declaration]
    )

    /// 保有個人情報開示請求等ファイル: the requests themselves hold the requester's name and address.
    public static let requestsFile = PersonalInformationFileDeclaration(
        id: "privacy.requests",
        name: "保有個人情報開示請求等ファイル",
        purpose: "保有個人情報の開示請求、訂正請求及び利用停止請求の受付及び決定に関する事務のため",
        recordedItems: ["氏名", "住所", "連絡先", "請求の内容", "決定の内容"],
        personsRecorded: "開示請求等を行った者",
        collectionMethod: "本人からの請求書の提出",
        containsSpecialCare: false,
        retentionDays: 365 * 5,
        retentionBasis: "決定の日から5年（文書管理規程）"
    )
}
