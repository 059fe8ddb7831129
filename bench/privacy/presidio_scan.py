#!/usr/bin/env python3
"""Scans the corpus with presidio-analyzer's regex recognisers configured for Madoguchi's kinds.

No NLP engine is loaded (no spaCy model can be downloaded here, and the comparison is about pattern
recognisers): each PatternRecognizer's analyze() runs per line with nlp_artifacts=None, and
overlapping results are resolved by highest score as Presidio's engine does. Writes findings as
JSON lines and prints throughput.
"""
import json, os, sys, time
from presidio_analyzer import Pattern, PatternRecognizer

FW = "[0-9０-９]"
SEP = "[ \\-‐－　]?"

def recognizers():
    def r(entity, patterns, context=()):
        return PatternRecognizer(supported_entity=entity, supported_language="ja",
                                 patterns=[Pattern(name=f"{entity}-{i}", regex=p, score=s) for i, (p, s) in enumerate(patterns)],
                                 context=list(context))
    class MyNumber(PatternRecognizer):
        def validate_result(self, text):
            d = [int(c) for c in text.translate(str.maketrans("０１２３４５６７８９", "0123456789")) if c.isdigit()]
            if len(d) != 12: return False
            s = sum(x * (n + 1 if n <= 6 else n - 5) for x, n in zip(d[:11], range(11, 0, -1)))
            return d[11] == (0 if s % 11 <= 1 else 11 - s % 11)
    class Corporate(PatternRecognizer):
        def validate_result(self, text):
            d = [int(c) for c in text if c.isdigit()]
            s = sum(x * (1 if n % 2 == 1 else 2) for x, n in zip(d[1:], range(12, 0, -1)))
            return len(d) == 13 and d[0] == 9 - s % 9
    mn = MyNumber(supported_entity="my_number", supported_language="ja",
                  patterns=[Pattern("mn", f"(?<![0-9０-９]){FW}{{4}}{SEP}{FW}{{4}}{SEP}{FW}{{4}}(?![0-9０-９])", 0.6)],
                  context=["個人番号", "マイナンバー"])
    cn = Corporate(supported_entity="corporate_number", supported_language="ja",
                   patterns=[Pattern("cn", "(?<![0-9])[0-9]{13}(?![0-9])", 0.6)], context=["法人番号"])
    return [
        mn, cn,
        r("phone", [("(?<![0-9])0[0-9]{1,4}-[0-9]{1,4}-[0-9]{3,4}(?![0-9])", 0.6)], ["電話", "TEL", "連絡先"]),
        r("email", [("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}", 0.85)], ["メール"]),
        r("postal_code", [("(?<![0-9])[0-9]{3}-[0-9]{4}(?![0-9])", 0.5)], ["〒", "郵便番号"]),
        r("address", [("(?:東京都|北海道|(?:京都|大阪)府|[一-龥]{2,3}県)[一-龥]{1,6}?[市区町村][一-龥ヶケが の]{0,12}?[0-9０-９一二三四五六七八九十]+(?:丁目|番地?|[-－])[0-9０-９\\-－番号地]*", 0.7)], ["住所"]),
        r("person_name", [("(?:氏名|名前)[:：\\s]*[一-龥ァ-ヶー]{1,5}[ 　]?[一-龥ァ-ヶー]{1,5}", 0.6),
                          ("[一-龥]{1,4}[ 　]?[一-龥]{1,3}(?=様|さん|殿)", 0.5)], ["氏名", "申請者"]),
        r("birth_date", [("(?:明治|大正|昭和|平成|令和)(?:[0-9]{1,2}|元)年[0-9]{1,2}月[0-9]{1,2}日", 0.5),
                         ("(?:19|20)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日", 0.4)], ["生年月日", "生まれ"]),
    ]

def resolve(results):
    kept = []
    for r in sorted(results, key=lambda r: -r.score):
        if all(r.end <= k.start or r.start >= k.end for k in kept):
            kept.append(r)
    return sorted(kept, key=lambda r: r.start)

def main():
    out_path, files = sys.argv[1], sys.argv[2:]
    recs = recognizers()
    total, count = 0, 0
    started = time.perf_counter()
    with open(out_path, "w", encoding="utf-8") as out:
        for path in files:
            with open(path, "rb") as f:
                data = f.read()
            total += len(data)
            text = data.decode("utf-8")
            name = os.path.basename(path)
            for line_no, line in enumerate(text.split("\n"), start=1):
                results = []
                for rec in recs:
                    results.extend(rec.analyze(line, entities=rec.supported_entities, nlp_artifacts=None))
                for r in resolve(results):
                    count += 1
                    out.write(json.dumps({"file": name, "line": line_no, "start": r.start, "end": r.end,
                                          "kind": r.entity_type, "score": round(r.score, 2)}, ensure_ascii=False) + "\n")
    seconds = time.perf_counter() - started
    print(f"presidio bytes={total} seconds={seconds:.3f} mb_per_s={total / 1048576 / seconds:.2f} findings={count}")

if __name__ == "__main__":
    main()
