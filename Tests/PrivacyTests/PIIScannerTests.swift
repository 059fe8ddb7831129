import XCTest
@testable import Privacy

final class PIIScannerTests: XCTestCase {
    let scanner = PIIScanner()

    func kinds(_ text: String) -> [PIIKind] { scanner.scan(text).map(\.kind) }

    func testMyNumberInEveryWrittenForm() {
        for text in ["個人番号 123456789018", "番号は1234 5678 9018です", "1234-5678-9018", "１２３４５６７８９０１８"] {
            let matches = scanner.scan(text)
            XCTAssertEqual(matches.map(\.kind), [.myNumber], text)
            XCTAssertTrue(matches[0].masked.hasSuffix("9018") || matches[0].masked.hasSuffix("９０１８"), text)
            XCTAssertFalse(matches[0].masked.contains("5678"), text)
        }
    }

    func testTwelveDigitsWithAWrongCheckDigitAreNotAMyNumber() {
        XCTAssertEqual(kinds("注文番号 123456789019"), [])
    }

    func testContextWordRaisesTheScore() {
        let plain = scanner.scan("123456789018")[0].score
        let withContext = scanner.scan("マイナンバー：123456789018")[0].score
        XCTAssertGreaterThan(withContext, plain)
    }

    func testMatchOffsetsAreCodePointOffsets() {
        let m = scanner.scan("個人番号 123456789018")[0]
        XCTAssertEqual(m.start, 5)
        XCTAssertEqual(m.end, 17)
    }

    func testCorporateNumber() {
        XCTAssertEqual(kinds("法人番号4011001098993"), [.corporateNumber])
    }

    func testPhoneNumbers() {
        XCTAssertEqual(kinds("電話 03-1234-5678"), [.phone])
        XCTAssertEqual(kinds("携帯090-1234-5678に連絡"), [.phone])
        XCTAssertEqual(kinds("TEL:０４２（５７６）２１１１"), [.phone])
        XCTAssertEqual(kinds("令和7年度 予算 1,234,567 円"), [])
    }

    func testPostalCodeAndEmail() {
        XCTAssertEqual(kinds("〒186-8501"), [.postalCode])
        let email = scanner.scan("連絡先: taro.yamada@example.co.jp まで")
        XCTAssertEqual(email.map(\.kind), [.email])
        XCTAssertEqual(email.first?.masked, "t***@example.co.jp")
    }

    func testAddresses() {
        let m = scanner.scan("住所：東京都国立市富士見台2丁目47番地1")
        XCTAssertEqual(m.map(\.kind), [.address])
        XCTAssertEqual(m.first?.masked.hasPrefix("東京都国立市"), true)
        XCTAssertEqual(kinds("千代田区霞が関1-2-3に移転"), [.address])
        XCTAssertEqual(kinds("本市の計画第3号について"), [])
    }

    func testNames() {
        XCTAssertEqual(kinds("山田太郎様からのお問い合わせ"), [.personName])
        XCTAssertEqual(kinds("氏名：鈴木 花子"), [.personName])
        XCTAssertEqual(kinds("担当は佐藤 一郎です"), [.personName])
        XCTAssertEqual(kinds("お客様各位、皆様へ"), [])
        XCTAssertEqual(scanner.scan("山田太郎様").first?.masked, "山***")
    }

    func testNamesAfterRoleWordsWithoutALabel() {
        for (text, name) in [("申請者 渡部 健", "渡部 健"), ("代理人：菅野一郎（続柄：長男）", "菅野一郎"),
                             ("死亡者 千葉 さくら の死亡届を受理しました。", "千葉 さくら"), ("請求者 桑原健", "桑原健"),
                             ("相談者「久保田 美咲」", "久保田 美咲")] {
            let matches = scanner.scan(text)
            XCTAssertEqual(matches.map(\.kind), [.personName], text)
            let scalars = Array(text.unicodeScalars)
            XCTAssertEqual(matches.first.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }, name, text)
        }
    }

    func testNamesBeforeHonorificsWithoutALabel() {
        XCTAssertEqual(kinds("菅野 ゆい様"), [.personName])
        XCTAssertEqual(kinds("山田さくらさんから電話がありました。"), [.personName])
        XCTAssertEqual(kinds("桑原健殿"), [.personName])
        XCTAssertEqual(scanner.scan("菅野 ゆい様").first.map { [$0.start, $0.end] }, [0, 5])
    }

    func testLookAlikesOfNamesAreNotNames() {
        for text in ["国立市役所様からの通知を受け取りました。", "株式会社みどり商事様との契約", "株式会社ミドリ様より見積書",
                     "国立市長様あての要望書", "様式第3号により届け出てください。", "関係者各位", "申請者の皆様へ",
                     "申請者 本人（窓口で確認済み）", "代理人による申請の場合", "世帯主との続柄", "死亡者数は前年より3人減少",
                     "請求者本人が来庁してください。", "製品仕様を確認しました。", "御殿場市の観光案内", "多様な働き方"] {
            XCTAssertEqual(kinds(text), [], text)
        }
    }

    func testBirthDatesNeedContext() {
        XCTAssertEqual(kinds("生年月日 昭和55年3月4日"), [.birthDate])
        XCTAssertEqual(kinds("S55.3.4生"), [.birthDate])
        XCTAssertEqual(kinds("令和元年5月1日に開催"), [])
        XCTAssertEqual(Set(kinds("山田太郎様 1980年3月4日")), [.personName, .birthDate])
        XCTAssertEqual(kinds("生年月日 平成31年5月1日"), [], "平成31年5月1日 does not exist")
    }

    func testColumnHintTakesTheWholeCell() {
        let hint = ColumnHint.forHeader("氏名")
        XCTAssertEqual(hint.kind, .personName)
        XCTAssertEqual(scanner.scan("ヤマダ タロウ", column: hint).map(\.kind), [.personName])
        XCTAssertEqual(ColumnHint.forHeader("法人番号").kind, .corporateNumber)
        XCTAssertNil(ColumnHint.forHeader("施設名称").kind)
    }
}
