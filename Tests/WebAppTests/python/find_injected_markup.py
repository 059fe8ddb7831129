"""Parses every page a test rendered with a real HTML5 parser (html5lib) and reports markup that
came from a hostile value rather than from the page: an element or attribute whose name carries the
injection marker, or any <meta http-equiv> / <base> / inline event handler.

usage: find_injected_markup.py MARKER DIRECTORY   parses every *.html file in DIRECTORY; prints one JSON
object per problem and a summary line; exit 1 if any problem was found.
"""
import json
import pathlib
import sys

import html5lib

FORBIDDEN_ELEMENTS = {"base"}


def problems(path, marker):
    with open(path, "rb") as f:
        document = html5lib.parse(f.read(), treebuilder="etree", namespaceHTMLElements=False)
    for element in document.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if marker in tag.lower() or tag.lower() in FORBIDDEN_ELEMENTS:
            yield {"file": path, "element": tag}
        if tag.lower() == "meta" and "http-equiv" in element.attrib:
            yield {"file": path, "element": "meta http-equiv"}
        for name in element.attrib:
            lowered = name.lower()
            if marker in lowered or lowered.startswith("on"):
                yield {"file": path, "element": tag, "attribute": name}


def main():
    marker = sys.argv[1].lower()
    files = sorted(str(p) for p in pathlib.Path(sys.argv[2]).glob("*.html"))
    found = 0
    for path in files:
        for problem in problems(path, marker):
            found += 1
            print(json.dumps(problem, ensure_ascii=False))
    print(json.dumps({"pages": len(files), "problems": found}))
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
