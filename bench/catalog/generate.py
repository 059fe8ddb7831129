"""Writes a large AED設置箇所一覧 CSV with errors planted at known rows, and the list of them.

Row numbers count the header as row 1, as both validators do.
"""
import json, sys

def main(path, rows):
    header = ["都道府県コード又は市区町村コード", "NO", "都道府県名", "市区町村名", "名称", "名称_カナ", "住所", "方書", "緯度", "経度",
              "設置位置", "電話番号", "内線番号", "法人番号", "団体名", "利用可能曜日", "開始時間", "終了時間", "利用可能日時特記事項",
              "小児対応設備の有無", "URL", "備考"]
    planted = []
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\r\n")
        for i in range(1, rows + 1):
            row_number = i + 1
            cells = ["132152", str(i), "東京都", "国立市", f"施設{i}", "シセツ", "東京都国立市富士見台2-47-1", "", "35.6838", "139.4413",
                     "1階ロビー", "042-576-2111", "", "", "", "月;火;水", "08:30", "17:00", "", "有", "https://www.example.jp/", ""]
            kind = i % 10007
            if kind == 1:
                cells[4] = ""; planted.append((row_number, "名称", "required"))
            elif kind == 2:
                cells[8] = "135.5"; planted.append((row_number, "緯度", "range"))
            elif kind == 3:
                cells[16] = "8時半"; planted.append((row_number, "開始時間", "type"))
            elif kind == 4:
                cells[19] = "あり"; planted.append((row_number, "小児対応設備の有無", "enum"))
            elif kind == 5:
                cells[1] = "一"; planted.append((row_number, "NO", "type"))
            f.write(",".join(cells) + "\r\n")
    with open(path + ".planted.json", "w") as f:
        json.dump(planted, f, ensure_ascii=False)
    print(f"wrote {rows} rows with {len(planted)} planted errors to {path}")

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)
