import MadoguchiCore

/// What the indicators module refuses, naming the field to correct.
public struct IndicatorsError: UserFacingError, Equatable {
    public let kind: ErrorKind
    public let message: LocalizedText
    public let field: String?

    public init(_ kind: ErrorKind, ja: String, en: String, field: String? = nil) {
        self.kind = kind
        self.message = LocalizedText(ja: ja, en: en)
        self.field = field
    }

    public var problem: FieldProblem { FieldProblem(field: field ?? "", message: message) }

    static func invalid(_ field: String, ja: String, en: String) -> IndicatorsError {
        IndicatorsError(.invalidInput, ja: ja, en: en, field: field)
    }

    public static let measureNotFound = IndicatorsError(.notFound, ja: "施策が見つかりません", en: "Measure not found")
    public static let programmeNotFound = IndicatorsError(.notFound, ja: "事務事業が見つかりません", en: "Programme not found")
    public static let changeNotFound = IndicatorsError(.notFound, ja: "変更履歴が見つかりません", en: "Change not found")
    public static let changedSince = IndicatorsError(
        .conflict, ja: "この値はその後に変更されています。最新の変更から取り消してください",
        en: "The value has changed since; revert the latest change first")
    public static let versionNotFound = IndicatorsError(.notFound, ja: "その版は見つかりません", en: "Version not found")
    /// An edit based on a version that is no longer the current one (optimistic check).
    public static let staleVersion = IndicatorsError(
        .conflict, ja: "この内容は編集を始めた後に他の職員が変更しています。最新の内容を開き直してから編集してください",
        en: "Someone changed this since you opened it; open the latest version and edit again")
    public static let concurrentChange = IndicatorsError(
        .conflict, ja: "同じ値が同時に更新されました。もう一度お試しください", en: "The value was changed at the same time; try again")
}
