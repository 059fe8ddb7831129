import MadoguchiCore
import XCTest
@testable import Privacy

final class RegisterTests: XCTestCase {
    func testRegisterListsEveryDeclaredFileWithTheActsItemsAndRetention() {
        let register = PersonalInformationFileRegister(
            manifests: [PrivacyModule.manifest],
            context: .init(bodyName: "国立市長", requestOffice: "国立市役所 市政戦略課（国立市富士見台2-47-1）", defaultUnit: "市政戦略課"))
        XCTAssertEqual(register.entries.count, 1)
        let items = register.entries[0].items
        XCTAssertEqual(items.count, PersonalInformationFileRegister.labels.count)
        XCTAssertEqual(items.first { $0.label == "保存期間" }?.value, "5年")
        XCTAssertEqual(items.first { $0.label == "要配慮個人情報が含まれるときは、その旨" }?.value, "含まない")
        let csv = register.csv()
        XCTAssertTrue(csv.hasPrefix(CSVWriter.byteOrderMark + "\"個人情報ファイルの名称\""))
        XCTAssertTrue(csv.contains("\"保有個人情報開示請求等ファイル\""))
    }
}
