import Foundation
import MadoguchiCore

/// Reads shelters from a table in the layout of the standard datasets 指定避難所一覧
/// (`evacuation_shelter`) and 指定緊急避難場所一覧 (`evacuation_space`): `NO`, `名称`, `住所`, `緯度`,
/// `経度`, `想定収容人数`, `対象となる町会・自治会`. Rows that cannot be used are reported by line, the
/// others are kept.
public struct ShelterTable: Sendable {
    public struct Row: Sendable, Equatable {
        public let standardID: String
        public let name: String
        public let address: String
        public let area: String
        public let latitude: Double?
        public let longitude: Double?
        public let capacity: Int?
    }

    /// The most rows one import takes (a city has tens to a few hundred shelters).
    public static let maxRows = 5_000
    /// The longest name, address or area kept.
    public static let maxTextLength = 200

    public let rows: [Row]
    /// `line n: problem` for every row left out.
    public let skipped: [String]

    /// Maps a header and its data rows; throws when a required column is missing (field `file`).
    public init(header: [String], rows data: [[String]]) throws {
        let columns = Dictionary(header.enumerated().map { ($1.trimmingCharacters(in: .whitespaces), $0) }, uniquingKeysWith: { a, _ in a })
        for required in ["NO", "名称", "住所"] where columns[required] == nil {
            throw SheltersError(.invalidInput, ja: "表に「\(required)」の列がありません（標準データセットの様式で用意してください）。",
                                en: "The table has no \(required) column (use the standard dataset's layout).", field: "file")
        }
        guard data.count <= Self.maxRows else {
            throw SheltersError(.tooLarge, ja: "避難所は1回に\(Self.maxRows)件まで取り込めます。", en: "At most \(Self.maxRows) shelters per import.", field: "file")
        }
        func cell(_ row: [String], _ name: String) -> String {
            guard let index = columns[name], index < row.count else { return "" }
            return String(row[index].trimmingCharacters(in: .whitespacesAndNewlines).prefix(Self.maxTextLength))
        }
        var rows: [Row] = [], skipped: [String] = [], seen: Set<String> = []
        for (offset, row) in data.enumerated() {
            let line = offset + 2
            let id = cell(row, "NO"), name = cell(row, "名称"), address = cell(row, "住所")
            guard !id.isEmpty, !name.isEmpty else { skipped.append("line \(line): NO or 名称 is empty"); continue }
            guard seen.insert(id).inserted else { skipped.append("line \(line): NO \(id) appears twice"); continue }
            let latitude = Double(cell(row, "緯度")).flatMap { (-90...90).contains($0) ? $0 : nil }
            let longitude = Double(cell(row, "経度")).flatMap { (-180...180).contains($0) ? $0 : nil }
            let capacity = Int(cell(row, "想定収容人数")).flatMap { (1...ShelterReportInput.maxPeople).contains($0) ? $0 : nil }
            rows.append(Row(standardID: id, name: name, address: address, area: cell(row, "対象となる町会・自治会"),
                            latitude: latitude, longitude: longitude, capacity: capacity))
        }
        self.rows = rows
        self.skipped = skipped
    }
}
