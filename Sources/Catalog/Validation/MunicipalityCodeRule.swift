import MadoguchiCore

/// 全国地方公共団体コード cells. Spreadsheets drop the leading zero of Hokkaido's codes (011002 →
/// 11002); that is restored with a warning rather than rejected.
enum MunicipalityCodeRule {
    static func check(_ text: String, sink: CellRules.Sink) {
        if text.count == 5, text.allSatisfy({ $0.isASCII && $0.isNumber }), MunicipalityCode.isValid("0" + text) {
            sink(.leadingZeroLost, LocalizedText(ja: "先頭の0が欠けています（0\(text) として扱います）",
                                                 en: "Leading zero lost; read as 0\(text)"), nil)
            return
        }
        do { _ = try MunicipalityCode(text) } catch {
            sink(.invalidMunicipalityCode, LocalizedText(ja: error.message,
                                                         en: "Not a valid municipality code (6 digits with check digit)"), nil)
        }
    }
}
