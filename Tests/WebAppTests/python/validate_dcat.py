#!/usr/bin/env python3
"""Validates Madoguchi's DCAT output with the DCAT-AP 2.1.1 SHACL shapes (pyshacl).

Usage: validate_dcat.py [--recommended] FILE...   (.ttl as Turtle, .jsonld as JSON-LD)

Each file is validated on its own against the mandatory shapes and the range shapes, and with
--recommended also against the recommended shapes. Before that, the shapes are shown to be live:
a copy of the first file without its datasets' titles must fail the mandatory shapes.
Exit 0 when every file conforms; 1 with every violation listed otherwise.

One known gap is allowed, in the recommended shapes only: a dct:Location (the municipality's area,
a dataset's place name) has no dcat:bbox or dcat:centroid, because Madoguchi stores no geometry.
"""
import os
import sys

from pyshacl import validate
from rdflib import Graph, Namespace, RDF, URIRef

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
SHAPES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shacl")
MANDATORY = os.path.join(SHAPES, "dcat-ap_2.1.1_shacl_shapes.ttl")
RECOMMENDED = os.path.join(SHAPES, "dcat-ap_2.1.1_shacl_shapes_recommended.ttl")
RANGE = os.path.join(SHAPES, "dcat-ap_2.1.1_shacl_range.ttl")

args = sys.argv[1:]
recommended = "--recommended" in args
files = [a for a in args if not a.startswith("--")]
if not files:
    sys.exit(__doc__)


def load(path):
    return Graph().parse(path, format="json-ld" if path.endswith(".jsonld") else "turtle")


SH = Namespace("http://www.w3.org/ns/shacl#")
KNOWN_GAPS = {(URIRef(DCT + "Location"), URIRef(DCAT + "bbox")), (URIRef(DCT + "Location"), URIRef(DCAT + "centroid"))}


def check(graph, shapes, allow_known_gaps=False):
    """(conforms, report); with allow_known_gaps, violations that are only KNOWN_GAPS are not counted."""
    conforms, results, text = validate(graph, shacl_graph=shapes)
    if conforms or not allow_known_gaps:
        return conforms, text
    remaining = []
    for result in results.objects(None, SH.result):
        focus, path = results.value(result, SH.focusNode), results.value(result, SH.resultPath)
        if not any((focus, RDF.type, cls) in graph and path == prop for cls, prop in KNOWN_GAPS):
            remaining.append(f"{focus} {path}: {results.value(result, SH.resultMessage)}")
    return not remaining, "\n".join(remaining)


# The shapes must be able to fail: a dataset without dct:title is a violation.
broken = load(files[0])
for dataset in list(broken.subjects(RDF.type, DCAT.Dataset)):
    broken.remove((dataset, DCT.title, None))
if check(broken, MANDATORY)[0]:
    sys.exit("the mandatory shapes accepted a dataset without a title: they are not being applied")

failures = []
for path in files:
    graph = load(path)
    if not list(graph.subjects(RDF.type, DCAT.Dataset)):
        failures.append(f"{path}: no dcat:Dataset")
    for name, shapes in [("mandatory", MANDATORY), ("range", RANGE)] + ([("recommended", RECOMMENDED)] if recommended else []):
        conforms, text = check(graph, shapes, allow_known_gaps=(name == "recommended"))
        if not conforms:
            failures.append(f"{path} ({name}):\n{text}")
    print(f"{os.path.basename(path)}: {len(graph)} triples checked")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"DCAT-AP 2.1.1 SHACL: {len(files)} documents conform")
