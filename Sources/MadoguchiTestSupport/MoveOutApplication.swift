import MadoguchiCore

/// The valid 転出届 (form `move-out`) that suites submit: one applicant, one destination, every
/// required field filled. Tests that need a variant change only the fields they are about.
public enum MoveOutApplication {
    public static let formID = "move-out"

    /// The applicant, as a resident types it (postal code and phone without hyphens).
    public static let applicant: [String: String] = [
        "name": "山田 花子", "name_kana": "ヤマダ ハナコ", "birth_date": "1955-01-02", "postal_code": "1868501",
        "address": "東京都国立市富士見台2-47-1", "phone": "0425762111", "email": "hanako@example.jp",
    ]

    /// Where the household moves to.
    public static let newAddress = "東京都立川市泉町1156-9"

    /// Every field of a valid application moving on `moveDate`, with `changes` replacing or adding fields.
    public static func values(moveDate: String, _ changes: [String: String] = [:]) -> [String: String] {
        applicant.merging(["move_date": moveDate, "new_address": newAddress, "household_moving": "all", "agree": "on"]) { a, _ in a }
            .merging(changes) { _, changed in changed }
    }

    /// `values(moveDate:_:)` on `moveDate`.
    public static func values(moveDate: CivilDate, _ changes: [String: String] = [:]) -> [String: String] {
        values(moveDate: moveDate.description, changes)
    }

    /// The same fields as the form page posts them (each name prefixed with `v.`).
    public static func posted(moveDate: CivilDate, _ changes: [String: String] = [:]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: values(moveDate: moveDate, changes).map { ("v." + $0.key, $0.value) })
    }
}
