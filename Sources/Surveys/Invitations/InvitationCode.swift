import Foundation
import MadoguchiCore

/// An invitation code as printed on the letter: 12 characters from 32 that cannot be confused
/// (no 0/O, 1/I), shown in groups of four (`ABCD-EFGH-JKLM`), 60 random bits from `SecretToken`.
/// Only its hash is stored.
public enum InvitationCode {
    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    static let length = 12
    /// Longer input is refused before any normalising.
    static let maxInput = 64

    public static func generate() -> String {
        let bytes = Data(base64URLEncoded: SecretToken.generate(bytes: 16)) ?? Data()
        // 256 is a multiple of 32, so `byte % 32` picks every character equally often.
        let characters = bytes.prefix(length).map { alphabet[Int($0) % alphabet.count] }
        return stride(from: 0, to: length, by: 4).map { String(characters[$0..<($0 + 4)]) }.joined(separator: "-")
    }

    /// The stored form of what a resident typed (full-width, lower case, spaces and hyphens
    /// accepted), or nil when it cannot be a code.
    public static func hash(_ typed: String) -> String? {
        guard typed.count <= maxInput else { return nil }
        let plain = JapaneseText.normalized(typed).uppercased().filter { !" -ー−‐\t".contains($0) }
        guard plain.count == length, plain.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return SecretToken.hash("survey:" + plain)
    }
}
