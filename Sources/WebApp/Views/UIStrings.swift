import MadoguchiCore

/// The interface's fixed strings in Japanese and English.
enum UIStrings {
    static let skipToContent = LocalizedText(ja: "本文へ移動", en: "Skip to main content")
    static let siteSuffix = LocalizedText(ja: "窓口", en: "Madoguchi")
    static let mainNavigation = LocalizedText(ja: "メインメニュー", en: "Main menu")
    static let languageSwitch = LocalizedText(ja: "English", en: "日本語")
    static let home = LocalizedText(ja: "ホーム", en: "Home")
    static let staffSignIn = LocalizedText(ja: "職員ログイン", en: "Staff sign-in")
    static let signOut = LocalizedText(ja: "ログアウト", en: "Sign out")
    static let dashboard = LocalizedText(ja: "職員ダッシュボード", en: "Staff dashboard")
    static let loginName = LocalizedText(ja: "ログイン名", en: "Login name")
    static let password = LocalizedText(ja: "パスワード", en: "Password")
    static let signIn = LocalizedText(ja: "ログイン", en: "Sign in")
    static let invalidCredentials = LocalizedText(ja: "ログイン名またはパスワードが違います",
                                                  en: "The login name or password is wrong")
    static let changePassword = LocalizedText(ja: "パスワード変更", en: "Change password")
    static let ownSessions = LocalizedText(ja: "ログイン中の端末", en: "Signed-in devices")
    static let currentPassword = LocalizedText(ja: "現在のパスワード", en: "Current password")
    static let newPassword = LocalizedText(ja: "新しいパスワード（12文字以上）", en: "New password (12 characters or more)")
    static let passwordChanged = LocalizedText(ja: "パスワードを変更しました", en: "Your password was changed")
    static let auditLog = LocalizedText(ja: "監査ログ", en: "Audit log")
    static let staffMembers = LocalizedText(ja: "職員アカウント", en: "Staff accounts")
    static let departments = LocalizedText(ja: "部署", en: "Departments")
    static let municipalities = LocalizedText(ja: "自治体", en: "Municipalities")
    static let errorTitle = LocalizedText(ja: "エラー", en: "Error")
    static let inputProblem = LocalizedText(ja: "入力内容を確認してください", en: "Please check what you entered")
    static let save = LocalizedText(ja: "保存", en: "Save")
    static let filter = LocalizedText(ja: "絞り込み", en: "Filter")
    static let downloadCSV = LocalizedText(ja: "CSVでダウンロード", en: "Download as CSV")
    static let footerNote = LocalizedText(ja: "このサイトはJavaScriptなしでも利用できます。",
                                          en: "This site works without JavaScript.")
}
