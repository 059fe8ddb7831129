#!/usr/bin/env python3
"""Drives Madoguchi's CKAN Action API with the real ckanapi client: create, search, show, update,
upload, download, delete, and CKAN's error types. Usage: ckan_client.py BASE_URL API_TOKEN"""
import sys
import tempfile

import ckanapi
import requests
from rdflib import Graph, Namespace, RDF

DCAT = Namespace("http://www.w3.org/ns/dcat#")

base, token = sys.argv[1], sys.argv[2]
anon = ckanapi.RemoteCKAN(base)
ckan = ckanapi.RemoteCKAN(base, apikey=token)


def expect(error, call):
    try:
        call()
    except error:
        return
    raise AssertionError(f"expected {error.__name__}")


assert anon.action.status_show()["ckan_version"].startswith("2.")
assert "cc-by-4.0" in [l["id"] for l in anon.action.license_list()]
org = anon.action.organization_list()[0]

expect(ckanapi.NotAuthorized, lambda: anon.action.package_create(name="no-token", title="x"))
expect(ckanapi.NotAuthorized, lambda: ckanapi.RemoteCKAN(base, apikey="mdg_wrong").action.package_create(name="x", title="x"))
expect(ckanapi.ValidationError, lambda: ckan.action.package_create(name="Bad Name!", title="x", owner_org=org))

pkg = ckan.action.package_create(name="evacuation-space", title="指定緊急避難場所一覧", notes="市内の指定緊急避難場所",
                                 owner_org=org, tags=[{"name": "防災"}], private=False)
assert pkg["name"] == "evacuation-space" and pkg["state"] == "active", pkg

found = ckan.call_action("package_search", {"q": "避難", "facet.field": ["tags"], "rows": 10})
assert found["count"] == 1 and found["results"][0]["id"] == pkg["id"], found
assert found["facets"]["tags"] == {"防災": 1}, found["facets"]
assert ckan.call_action("package_search", {"q": "図書館"})["count"] == 0
# As in CKAN, rows beyond ckan.search.rows_max (1000) is clamped; negative rows are a Validation Error.
assert anon.call_action("package_search", {"rows": 5000})["count"] == 1
expect(ckanapi.ValidationError, lambda: anon.call_action("package_search", {"rows": -1}))

shown = anon.action.package_show(id="evacuation-space")
assert shown["title"] == "指定緊急避難場所一覧"
patched = ckan.action.package_patch(id=pkg["id"], title="指定緊急避難場所一覧（令和8年度）")
assert patched["title"] == "指定緊急避難場所一覧（令和8年度）" and patched["notes"] == "市内の指定緊急避難場所"
updated = ckan.action.package_update(id=pkg["id"], name="evacuation-space", title="指定緊急避難場所一覧", notes="更新",
                                     tags=[{"name": "防災"}, {"name": "避難"}])
assert {t["name"] for t in updated["tags"]} == {"防災", "避難"}, updated["tags"]

csv = "NO,名称,住所\r\n1,第一小学校,東京都国立市中1-1\r\n".encode("utf-8")
with tempfile.NamedTemporaryFile(suffix=".csv") as f:
    f.write(csv)
    f.flush()
    with open(f.name, "rb") as upload:
        resource = ckan.action.resource_create(package_id=pkg["id"], name="一覧（CSV）", upload=upload)
assert resource["format"] == "CSV", resource
assert anon.action.resource_show(id=resource["id"])["name"] == "一覧（CSV）"
downloaded = requests.get(resource["url"], timeout=10)
assert downloaded.status_code == 200 and downloaded.content == csv, (resource["url"], downloaded.status_code)
assert len(anon.action.package_show(id=pkg["id"])["resources"]) == 1
assert "evacuation-space" in anon.action.package_list()
assert anon.action.current_package_list_with_resources()[0]["num_resources"] == 1

# DCAT over HTTP, parsed by rdflib.
catalog = Graph().parse(data=requests.get(base + "/catalog.ttl", timeout=10).text, format="turtle")
dataset = Graph().parse(data=requests.get(base + "/dataset/evacuation-space.jsonld", timeout=10).text, format="json-ld")
assert len(list(catalog.subjects(RDF.type, DCAT.Catalog))) == 1
assert len(list(catalog.subjects(RDF.type, DCAT.Dataset))) == 1
assert len(list(dataset.subjects(RDF.type, DCAT.Distribution))) == 1
assert set(dataset.subjects(RDF.type, DCAT.Dataset)) == set(catalog.subjects(RDF.type, DCAT.Dataset))
page = requests.get(base + "/dataset/evacuation-space", timeout=10).text
assert "第一小学校" in page and "★" in page, "the dataset page previews the CSV and rates openness"

ckan.action.package_delete(id=pkg["id"])
expect(ckanapi.NotFound, lambda: anon.action.package_show(id="evacuation-space"))
expect(ckanapi.NotFound, lambda: anon.action.package_show(id="no-such-dataset"))
print("ckanapi: all checks passed")
