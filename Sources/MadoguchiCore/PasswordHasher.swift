import Foundation

/// Hashes and verifies staff passwords. WebApp supplies bcrypt; tests may use a cheaper cost.
public protocol StaffPasswordHasher: Sendable {
    func hash(_ password: String) throws -> String
    func verify(_ password: String, against hash: String) throws -> Bool
    /// A hash of a random password at the hasher's own cost: sign-in verifies against it when the
    /// login name is unknown, so that answer takes as long as a wrong password.
    var dummyHash: String { get }
    /// Whether a stored hash is of an older scheme and should be replaced at the next sign-in.
    func needsRehash(_ hash: String) -> Bool
}

extension StaffPasswordHasher {
    public func needsRehash(_ hash: String) -> Bool { false }
}

/// The password rules every staff account follows.
public enum PasswordPolicy {
    public static let minimumLength = 12
    /// Any script counts whole (the hasher reduces the password before bcrypt, which reads 72 bytes).
    public static let maximumLength = 128

    public static func problem(with password: String) -> CoreError? {
        // Runs of spaces count as one, so twelve spaces are not a twelve-character password.
        let counted = password.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression).count
        if counted < minimumLength {
            return CoreError(.invalidInput, ja: "パスワードは\(minimumLength)文字以上にしてください",
                             en: "Passwords need at least \(minimumLength) characters", field: "new_password")
        }
        if password.count > maximumLength {
            return CoreError(.invalidInput, ja: "パスワードは\(maximumLength)文字以内にしてください",
                             en: "Passwords may have at most \(maximumLength) characters", field: "new_password")
        }
        return nil
    }
}
