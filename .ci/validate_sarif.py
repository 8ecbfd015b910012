#!/usr/bin/env python3
"""Validate SARIF files against the OASIS SARIF 2.1.0 JSON schema and against the requirements
GitHub code scanning documents for uploads ("SARIF support for code scanning").

Usage: validate_sarif.py [--schema FILE] report.sarif [...]
Exit status 0 when every file passes; 1 with one line per problem otherwise.
Needs the `jsonschema` package (python3 -m pip install jsonschema).
"""
import argparse
import json
import os
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))


def github_problems(doc):
    """Checks beyond the schema that code scanning applies or recommends."""
    problems = []
    if doc.get("version") != "2.1.0":
        problems.append("version must be 2.1.0")
    runs = doc.get("runs", [])
    if not runs:
        problems.append("no runs")
    if len(runs) > 20:
        problems.append("more than 20 runs (GitHub limit)")
    for r, run in enumerate(runs):
        driver = run.get("tool", {}).get("driver", {})
        if not driver.get("name"):
            problems.append(f"runs[{r}].tool.driver.name is required")
        rules = driver.get("rules", [])
        if len(rules) > 25000:
            problems.append(f"runs[{r}]: more than 25,000 rules (GitHub limit)")
        ids = [rule.get("id") for rule in rules]
        if len(set(ids)) != len(ids):
            problems.append(f"runs[{r}]: duplicate rule ids")
        for i, rule in enumerate(rules):
            where = f"runs[{r}].tool.driver.rules[{i}] ({rule.get('id')})"
            if not rule.get("shortDescription", {}).get("text"):
                problems.append(f"{where}: shortDescription.text missing")
            if not rule.get("fullDescription", {}).get("text"):
                problems.append(f"{where}: fullDescription.text missing")
            if not rule.get("help", {}).get("text"):
                problems.append(f"{where}: help.text missing (shown beside alerts)")
            level = rule.get("defaultConfiguration", {}).get("level")
            if level not in ("error", "warning", "note", "none"):
                problems.append(f"{where}: defaultConfiguration.level missing or invalid")
        results = run.get("results", [])
        if len(results) > 25000:
            problems.append(f"runs[{r}]: more than 25,000 results (GitHub limit)")
        for k, res in enumerate(results):
            where = f"runs[{r}].results[{k}]"
            if not res.get("message", {}).get("text"):
                problems.append(f"{where}: message.text is required")
            rule_id = res.get("ruleId")
            if rule_id not in ids:
                problems.append(f"{where}: ruleId {rule_id!r} is not in tool.driver.rules")
            if "ruleIndex" in res and (res["ruleIndex"] >= len(rules) or rules[res["ruleIndex"]].get("id") != rule_id):
                problems.append(f"{where}: ruleIndex does not point at ruleId")
            locations = res.get("locations", [])
            if not locations:
                problems.append(f"{where}: at least one location is required")
            if len(locations) > 10:
                problems.append(f"{where}: more than 10 locations")
            for loc in locations + res.get("relatedLocations", []):
                phys = loc.get("physicalLocation", {})
                uri = phys.get("artifactLocation", {}).get("uri", "")
                if not uri:
                    problems.append(f"{where}: physicalLocation.artifactLocation.uri is required")
                if uri.startswith("/") or "\\" in uri:
                    problems.append(f"{where}: uri {uri!r} must be a relative URI with / separators")
                region = phys.get("region", {})
                if region.get("startLine", 0) < 1:
                    problems.append(f"{where}: region.startLine must be at least 1")
                if region.get("endLine", region.get("startLine", 1)) < region.get("startLine", 1):
                    problems.append(f"{where}: region ends before it starts")
            if not res.get("partialFingerprints"):
                problems.append(f"{where}: no partialFingerprints")
            if len(res.get("relatedLocations", [])) > 1000:
                problems.append(f"{where}: more than 1,000 related locations")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schema", default=os.path.join(HERE, "sarif-schema-2.1.0.json"))
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    failed = False
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors:
            location = "/".join(str(p) for p in e.absolute_path) or "(root)"
            print(f"{path}: schema: {location}: {e.message}")
        problems = github_problems(doc)
        for p in problems:
            print(f"{path}: code scanning: {p}")
        if errors or problems:
            failed = True
        else:
            results = sum(len(run.get("results", [])) for run in doc.get("runs", []))
            print(f"{path}: valid SARIF 2.1.0 ({results} results), meets code scanning's upload requirements")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
