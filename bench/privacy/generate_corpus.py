#!/usr/bin/env python3
"""Generates a Japanese text corpus with planted, labelled personal information.

Writes corpus/part-NNN.txt (UTF-8) up to --megabytes, and labels.jsonl with one object per
planted value: {"file", "line" (1-based), "start", "end" (code-point offsets), "kind"}.
Filler sentences contain look-alikes (budget figures, dates of events, invalid 12-digit numbers)
so that precision means something. Deterministic for a given --seed.
"""
import argparse, json, os, random

SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田",
            "松本", "井上", "木村", "清水", "山崎", "池田", "橋本", "石川", "前田", "藤田", "岡田", "長谷川"]
GIVEN = ["太郎", "花子", "一郎", "美咲", "翔太", "陽菜", "健", "直子", "大輔", "さくら", "誠", "由美"]
# Surnames outside the scanner's list of common ones: found only through a label, a role word or an honorific.
RARE_SURNAMES = ["渡部", "菅野", "千葉", "桑原", "久保田", "野口", "荒木", "大塚", "平野", "宮田", "菊地", "杉本"]
KANJI_GIVEN = ["太郎", "花子", "一郎", "美咲", "翔太", "健", "直子", "大輔", "誠", "由美"]
HIRAGANA_GIVEN = ["さくら", "ゆい", "ひなた", "あおい", "かえで"]
PLACES = [("東京都", "国立市", "富士見台"), ("東京都", "新宿区", "西新宿"), ("東京都", "武蔵村山市", "本町"),
          ("大阪府", "大阪市北区", "中之島"), ("神奈川県", "横浜市中区", "本町"), ("北海道", "札幌市中央区", "北一条西")]
FILLER = [
    "令和7年度の一般会計予算は前年度比3.2%増の412億円となりました。",
    "市民課の窓口は平日8時30分から17時15分まで開いています。",
    "図書館の蔵書数は約{n}冊で、年間貸出数は{m}件でした。",
    "第{k}次総合計画の成果指標について、目標値を上方修正します。",
    "令和6年10月1日に防災訓練を実施し、{n}人が参加しました。",
    "受付番号{code}の申請は審査中です。",
    "市内の公共施設{k}か所で、Wi-Fiの利用が可能になりました。",
    "お客様各位、ご不便をおかけして申し訳ございません。",
    "問い合わせ件数は{n}件、そのうち電子申請は{m}件でした。",
    "本市の計画第{k}号に基づき、事業を実施します。",
    # Look-alikes of names after role words and before honorifics: none is a person's name.
    "国立市役所様からの通知を受け取りました。",
    "株式会社みどり商事様との契約を更新しました。",
    "株式会社ミドリ様より見積書が届きました。",
    "国立市長様あての要望書を受け付けました。",
    "様式第{k}号により届け出てください。",
    "関係者各位",
    "申請者の皆様へお知らせします。",
    "申請者 本人（窓口で確認済み）",
    "届出人の住所を記入してください。",
    "代理人による申請の場合は委任状が必要です。",
    "世帯主との続柄を記入してください。",
    "死亡者数は前年より{k}人減少しました。",
    "請求者本人が来庁してください。",
    "製品仕様を確認しました。",
    "御殿場市の観光案内を配布しました。",
]

def my_number(rng):
    base = [rng.randint(0, 9) for _ in range(11)]
    s = sum(d * (n + 1 if n <= 6 else n - 5) for d, n in zip(base, range(11, 0, -1)))
    r = s % 11
    return "".join(map(str, base + [0 if r <= 1 else 11 - r]))

def corporate_number(rng):
    base = [rng.randint(0, 9) for _ in range(12)]
    s = sum(d * (1 if n % 2 == 1 else 2) for d, n in zip(base, range(12, 0, -1)))
    return str(9 - s % 9) + "".join(map(str, base))

def invalid_12(rng):
    v = my_number(rng)
    return v[:11] + str((int(v[11]) + 1) % 10)

FW = str.maketrans("0123456789", "０１２３４５６７８９")

def value(kind, rng):
    if kind == "my_number":
        v = my_number(rng)
        style = rng.random()
        if style < 0.3: return f"{v[:4]} {v[4:8]} {v[8:]}"
        if style < 0.5: return f"{v[:4]}-{v[4:8]}-{v[8:]}"
        if style < 0.6: return v.translate(FW)
        return v
    if kind == "corporate_number": return corporate_number(rng)
    if kind == "phone":
        return rng.choice([f"03-{rng.randint(1000,9999)}-{rng.randint(1000,9999)}",
                           f"090-{rng.randint(1000,9999)}-{rng.randint(1000,9999)}",
                           f"042-{rng.randint(100,999)}-{rng.randint(1000,9999)}"])
    if kind == "email":
        return f"{rng.choice(['taro','hanako','k.sato','yamada01','info'])}{rng.randint(1,999)}@{rng.choice(['example.jp','mail.example.com','example.co.jp'])}"
    if kind == "postal_code": return f"{rng.randint(100,999)}-{rng.randint(1000,9999)}"
    if kind == "address":
        p, c, t = rng.choice(PLACES)
        return f"{p}{c}{t}{rng.randint(1,5)}丁目{rng.randint(1,30)}番{rng.randint(1,20)}号"
    if kind == "person_name": return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
    if kind == "person_name_any":
        style = rng.random()
        surname = rng.choice(RARE_SURNAMES if rng.random() < 0.7 else SURNAMES)
        if style < 0.4: return f"{surname} {rng.choice(KANJI_GIVEN)}"
        if style < 0.7: return f"{surname}{rng.choice(KANJI_GIVEN)}"
        return f"{surname} {rng.choice(HIRAGANA_GIVEN)}"
    if kind == "birth_date":
        return rng.choice([f"昭和{rng.randint(30,63)}年{rng.randint(1,12)}月{rng.randint(1,28)}日",
                           f"平成{rng.randint(1,30)}年{rng.randint(1,12)}月{rng.randint(1,28)}日",
                           f"{rng.randint(1950,2010)}年{rng.randint(1,12)}月{rng.randint(1,28)}日"])
    raise ValueError(kind)

TEMPLATES = {
    "my_number": ["個人番号は{v}です。", "マイナンバー：{v}", "申請書に{v}と記載されていました。"],
    "corporate_number": ["事業者の法人番号は{v}です。", "委託先（法人番号{v}）と契約しました。"],
    "phone": ["連絡先は{v}までお願いします。", "電話{v}", "{v}に折り返してください。"],
    "email": ["メールアドレスは{v}です。", "{v}から問い合わせがありました。"],
    "postal_code": ["〒{v}", "郵便番号{v}"],
    "address": ["住所：{v}", "{v}に転居した旨の届出がありました。"],
    "person_name": ["氏名：{v}", "{v}様からのお問い合わせです。", "申請者 {v}"],
    # Names without a 氏名 label: after a role word, or before an honorific (rarer surnames, hiragana given names).
    "person_name_any": ["届出人：{v}", "代理人 {v}（続柄：長男）", "死亡者 {v} の死亡届を受理しました。", "請求者 {v}",
                        "申請者：{v}", "{v}さんから電話がありました。", "{v}様", "{v}殿", "相談者「{v}」"],
    "birth_date": ["生年月日 {v}", "{v}生まれの方が対象です。"],
}
KINDS = list(TEMPLATES)
LABEL_KIND = {"person_name_any": "person_name"}

def filler(rng):
    s = rng.choice(FILLER)
    return s.format(n=rng.randint(10, 99999), m=rng.randint(10, 9999), k=rng.randint(1, 12), code=invalid_12(rng))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--megabytes", type=float, default=50)
    ap.add_argument("--out", default="bench/out/privacy")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pii-rate", type=float, default=0.15, help="share of lines with a planted value")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    corpus = os.path.join(args.out, "corpus")
    os.makedirs(corpus, exist_ok=True)
    target = int(args.megabytes * 1024 * 1024)
    written, part = 0, 0
    labels = open(os.path.join(args.out, "labels.jsonl"), "w", encoding="utf-8")
    while written < target:
        name = os.path.join(corpus, f"part-{part:03d}.txt")
        with open(name, "w", encoding="utf-8") as f:
            for line_no in range(1, 50001):
                if rng.random() < args.pii_rate:
                    kind = rng.choice(KINDS)
                    v = value(kind, rng)
                    template = rng.choice(TEMPLATES[kind])
                    prefix = filler(rng) if rng.random() < 0.5 else ""
                    head, tail = template.split("{v}")
                    line = prefix + head + v + tail
                    start = len(prefix) + len(head)
                    labels.write(json.dumps({"file": os.path.basename(name), "line": line_no, "start": start,
                                             "end": start + len(v), "kind": LABEL_KIND.get(kind, kind)}, ensure_ascii=False) + "\n")
                else:
                    line = filler(rng) + filler(rng)
                f.write(line + "\n")
                written += len(line.encode("utf-8")) + 1
                if written >= target: break
        part += 1
    labels.close()
    print(f"wrote {written / 1048576:.1f} MB in {part} files to {corpus}")

if __name__ == "__main__":
    main()
