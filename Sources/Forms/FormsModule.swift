import MadoguchiCore

/// Online applications (電子申請): form definitions as data and their validation, submissions with
/// receipts, attachments, drafts, the back office's review and the plan's figures. Its mail goes
/// through the Mail module's outbox; the mail file below also covers those messages (`FormMailRetention`).
public enum FormsModule {
    public static let manifest = ModuleManifest(id: "forms", title: LocalizedText(ja: "電子申請", en: "Online applications"),
                                                migrations: [CreateFormApplications(), CreateApplicationEvents(), AddApplicantStepsAndAssignment(),
                                                             CreateFormDrafts(), CreateFormAttachments(), CreateFormOverrides(),
                                                             AddApplicationSecretReissue()],
                                                grants: [
                                                    .departmentStaff: [FormsPermission.review, FormsPermission.editForms],
                                                    .municipalityAdministrator: [FormsPermission.review, FormsPermission.editForms],
                                                    .applicationsSupervisor: [FormsPermission.review, FormsPermission.reviewAllDepartments],
                                                ],
                                                personalInformationFiles: [applicationsFile, mailFile],
                                                encryptedColumns: [
                                                    EncryptedColumnDeclaration(table: FormApplication.schema, column: "values"),
                                                    EncryptedColumnDeclaration(table: FormDraft.schema, column: "content"),
                                                    EncryptedColumnDeclaration(table: FormAttachment.schema, column: "content"),
                                                ],
                                                retentionTargets: [FormApplicationRetention(), FormMailRetention()],
                                                recordSources: [FormApplicationRecords()],
                                                indicators: FormsIndicators.all)

    /// メール送信ファイル: the outbox (addresses and texts of receipts, resume and confirmation
    /// links) and the saved drafts those links open. Kept 30 days after creation; a draft's link
    /// stops working after 7.
    public static let mailFile = PersonalInformationFileDeclaration(
        id: "forms.mail",
        name: "電子申請メール送信・途中保存ファイル",
        purpose: "電子申請の受付通知、途中保存した申請の再開及びメールアドレスの確認のため",
        recordedItems: ["メールアドレス", "送信内容", "途中保存した申請内容", "送信前の添付書類"],
        personsRecorded: "電子申請でメールアドレスを入力した者",
        collectionMethod: "本人からのオンライン入力",
        containsSpecialCare: false,
        retentionDays: 30,
        retentionBasis: "作成の日から30日（途中保存のリンクは7日で失効）"
    )

    /// 電子申請ファイル: the applications and their values.
    public static let applicationsFile = PersonalInformationFileDeclaration(
        id: "forms.applications",
        name: "電子申請受付ファイル",
        purpose: "オンラインで受け付けた届出・申請の審査及び処理のため",
        recordedItems: ["氏名", "フリガナ", "生年月日", "住所", "電話番号", "メールアドレス", "個人番号（様式による）", "申請内容", "添付書類"],
        personsRecorded: "オンラインで申請を行った者及び申請に記載された者",
        collectionMethod: "本人からのオンライン申請",
        containsSpecialCare: false,
        retentionDays: 365 * 5,
        retentionBasis: "受付の日から5年（文書管理規程）"
    )
}

/// The back office's permission.
public enum FormsPermission {
    /// Read applications, change their status, export them: those of the staff member's own
    /// department (`ApplicationScope`).
    public static let review = Permission("forms.applications.review")
    /// Read and handle every department's applications, not only the own department's. Carried by
    /// a privileged role (granted only by a system administrator, audited); every use is audited.
    public static let reviewAllDepartments = Permission("forms.applications.review_all_departments")
    /// Edit the municipality's form definitions (wording, fields, conditions, fee).
    public static let editForms = Permission("forms.definitions.edit")
}
