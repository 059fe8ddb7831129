/// Hashes and verifies staff passwords. WebApp supplies bcrypt; tests may use a cheaper cost.
public protocol StaffPasswordHasher: Sendable {
    func hash(_ password: String) throws -> String
    func verify(_ password: String, against hash: String) throws -> Bool
    /// A hash of a random password at the hasher's own cost: sign-in verifies against it when the
    /// login name is unknown, so that answer takes as long as a wrong password.
    var dummyHash: String { get }
}

/// The password rules every staff account follows.
public enum PasswordPolicy {
    public static let minimumLength = 12
    /// bcrypt only reads the first 72 bytes; longer passwords would silently be truncated.
    public static let maximumBytes = 72

    public static func problem(with password: String) -> CoreError? {
        if password.count < minimumLength {
            return CoreError(.invalidInput, ja: "パスワードは\(minimumLength)文字以上にしてください",
                             en: "Passwords need at least \(minimumLength) characters", field: "new_password")
        }
        if password.utf8.count > maximumBytes {
            return CoreError(.invalidInput, ja: "パスワードは\(maximumBytes)バイト以内にしてください",
                             en: "Passwords may have at most \(maximumBytes) bytes", field: "new_password")
        }
        return nil
    }
}
