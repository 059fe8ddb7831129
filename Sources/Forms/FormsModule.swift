import MadoguchiCore

/// Online applications (電子申請). This part holds the form definitions and their validation;
/// the resident flow, the back office, the outbox and the durability tests are still to come.
public enum FormsModule {
    public static let manifest = ModuleManifest(id: "forms", title: LocalizedText(ja: "電子申請", en: "Online applications"),
                                                migrations: [CreateFormApplications(), CreateApplicationEvents(), AddApplicantStepsAndAssignment()],
                                                grants: [
                                                    .departmentStaff: [FormsPermission.review],
                                                    .municipalityAdministrator: [FormsPermission.review],
                                                ],
                                                personalInformationFiles: [applicationsFile])

    /// 電子申請ファイル: the applications and their values.
    public static let applicationsFile = PersonalInformationFileDeclaration(
        id: "forms.applications",
        name: "電子申請受付ファイル",
        purpose: "オンラインで受け付けた届出・申請の審査及び処理のため",
        recordedItems: ["氏名", "フリガナ", "生年月日", "住所", "電話番号", "メールアドレス", "個人番号（様式による）", "申請内容"],
        personsRecorded: "オンラインで申請を行った者及び申請に記載された者",
        collectionMethod: "本人からのオンライン申請",
        containsSpecialCare: false,
        retentionDays: 365 * 5,
        retentionBasis: "受付の日から5年（文書管理規程）"
    )
}

/// The back office's permission.
public enum FormsPermission {
    /// Read applications, change their status, export them.
    public static let review = Permission("forms.applications.review")
}
