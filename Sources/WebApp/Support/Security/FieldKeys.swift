import Foundation
import MadoguchiCore
import Privacy

/// Loads the key ring that encrypts personal fields. With the embedded database and no key
/// configured, a key file is generated once in the data directory (mode 0600) so that a fresh
/// `madoguchi serve` works; production (PostgreSQL) must configure shared keys (checked earlier,
/// in `Configuration.resolve`).
enum FieldKeys {
    static let generatedFileName = "field-keys"

    static func ring(for configuration: Configuration) throws -> FieldKeyRing {
        switch configuration.fieldKeys {
        case .inline(let text):
            return try FieldKeyRing.parse(text)
        case .file(let path):
            return try FieldKeyRing.fromEnvironment([FieldKeyRing.fileEnvironmentVariable: path])
        case .generatedInDataDirectory:
            let path = configuration.dataDirectory + "/" + generatedFileName
            if !FileManager.default.fileExists(atPath: path) {
                let entry = FieldKeyRing.generateEntry(id: "k1") + "\n"
                guard FileManager.default.createFile(atPath: path, contents: Data(entry.utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw Configuration.Problem(setting: "MADOGUCHI_FIELD_KEYS_FILE", message: "cannot create \(path)")
                }
            }
            return try FieldKeyRing.fromEnvironment([FieldKeyRing.fileEnvironmentVariable: path])
        }
    }
}
