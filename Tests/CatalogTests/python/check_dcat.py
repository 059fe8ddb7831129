"""Parses the DCAT written by CKANAndDCATTests with rdflib and checks the key triples.

Run: CATALOG_DCAT_OUT=/tmp/dcat swift test --filter CKANAndDCATTests && python3 check_dcat.py /tmp/dcat
"""
import sys
from rdflib import Graph, Namespace, RDF

DCAT = Namespace("http://www.w3.org/ns/dcat#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")

out = sys.argv[1]
catalog = Graph().parse(f"{out}/catalog.ttl", format="turtle")
dataset = Graph().parse(f"{out}/dataset.jsonld", format="json-ld")
assert len(list(catalog.subjects(RDF.type, DCAT.Catalog))) == 1
assert len(list(catalog.subjects(RDF.type, DCAT.Dataset))) == 1
assert len(list(catalog.subjects(RDF.type, HYDRA.PagedCollection))) == 1
assert len(list(dataset.subjects(RDF.type, DCAT.Distribution))) == 1
assert set(dataset.subjects(RDF.type, DCAT.Dataset)) == set(catalog.subjects(RDF.type, DCAT.Dataset))
print(f"rdflib: catalog {len(catalog)} triples, dataset {len(dataset)} triples: 1 passed, 0 failed")
