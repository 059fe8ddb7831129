import Foundation

/// A Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/) as shipped for the
/// national standard datasets. Only the parts the validator uses are decoded; the files stay
/// readable by other Frictionless tools, which ignore our `x-madoguchi-*` properties.
public struct TableSchema: Sendable, Codable, Equatable {
    /// The file-name slug (`aed`, `evacuation_space`); also the schema's id.
    public let name: String
    public let title: String
    public let description: String?
    /// The national numbering (01 公共施設一覧, 08 AED設置箇所一覧…).
    public let number: String?
    public let fields: [SchemaField]
    /// False where the column list was reconstructed and still needs checking against the official template.
    public let columnsVerified: Bool?
    /// `legacy-template` (the national 推奨データセット layout) or `derived` (no national template
    /// exists; the layout follows the nearest national one).
    public let layout: String?
    public let note: String?

    enum CodingKeys: String, CodingKey {
        case name, title, description, fields, note = "x-madoguchi-note"
        case number = "x-madoguchi-number"
        case columnsVerified = "x-madoguchi-columns-verified"
        case layout = "x-madoguchi-layout"
    }

    public var isDerivedLayout: Bool { layout == "derived" }

    public var columnNames: [String] { fields.map(\.name) }
    public var requiredColumnNames: [String] { fields.filter(\.isRequired).map(\.name) }
}

/// One column of a table schema.
public struct SchemaField: Sendable, Codable, Equatable {
    public let name: String
    public let type: FieldType
    public let format: String?
    public let constraints: FieldConstraints?
    /// What the value means beyond its Frictionless type: a municipality code, a phone number…
    public let kind: FieldKind?

    enum CodingKeys: String, CodingKey {
        case name, type, format, constraints, kind = "x-madoguchi-kind"
    }

    public init(name: String, type: FieldType, format: String? = nil, constraints: FieldConstraints? = nil, kind: FieldKind? = nil) {
        self.name = name
        self.type = type
        self.format = format
        self.constraints = constraints
        self.kind = kind
    }

    /// ◎ in the national template.
    public var isRequired: Bool { constraints?.required ?? false }
}

/// The Frictionless types the standard datasets use.
public enum FieldType: String, Sendable, Codable {
    case string, integer, number, date, time, boolean
}

/// Frictionless constraints; `pattern` is matched against the whole cell.
public struct FieldConstraints: Sendable, Codable, Equatable {
    public let required: Bool?
    public let minimum: Double?
    public let maximum: Double?
    public let pattern: String?
    public let `enum`: [String]?

    public init(required: Bool? = nil, minimum: Double? = nil, maximum: Double? = nil, pattern: String? = nil, enum values: [String]? = nil) {
        self.required = required
        self.minimum = minimum
        self.maximum = maximum
        self.pattern = pattern
        self.enum = values
    }
}

/// Domain meanings checked beyond Frictionless types, following the national format rules.
public enum FieldKind: String, Sendable, Codable {
    /// 全国地方公共団体コード: 6 digits with a check digit; lost leading zeros are restored.
    case municipalityCode
    /// 法人番号: 13 digits with a leading check digit.
    case corporateNumber
    case phone, url, latitude, longitude
    /// 有 or 無.
    case yesNo
    /// "1" or empty (hazard columns of 指定緊急避難場所一覧).
    case flag
    /// Katakana reading (名称_カナ).
    case kana
    /// Several values separated by `;`.
    case multiValue
}
