#!/usr/bin/env python3
"""Check the PortWatch Grafana dashboards' invariants. Python 3 standard library only.

    python3 dashboards/check-dashboards.py
    python3 dashboards/check-dashboards.py --prometheus http://127.0.0.1:9090

Without options it checks the dashboards' structure and queries statically. With --prometheus it
also substitutes the Grafana variables (see SUBSTITUTIONS) and runs every query against that
Prometheus: instant queries through /api/v1/query, range queries through /api/v1/query_range
(the last hour, 15s step); every query must succeed. --require-data also fails queries that
return no series (use it against a Prometheus that scrapes exporters with listeners, at least one
of them new, unassigned and well-known: see README.md).

Exit status 0 when every check passes, 1 otherwise; the last line is "N passed, N failed".
"""

import argparse
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))

DASHBOARDS = {
    "portwatch-fleet.json": {"uid": "portwatch-fleet", "title": "PortWatch / Fleet",
                             "instance_multi": True},
    "portwatch-host.json": {"uid": "portwatch-host", "title": "PortWatch / Host",
                            "instance_multi": False},
}

DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
JOB_FILTER = 'job=~"$job"'
INSTANCE_FILTER = 'instance=~"$instance"'
JOB_QUERY = "label_values(portwatch_build_info, job)"
INSTANCE_QUERY = 'label_values(portwatch_build_info{job=~"$job"}, instance)'

# Values an end-to-end test substitutes for the variables the queries may use.
SUBSTITUTIONS = {
    "$__rate_interval": "1m",
    "$__interval": "15s",
    "$__range": "1h",
    "$instance": ".*",
    "$job": ".*",
}
ALLOWED_VARIABLES = {"job", "instance", "__range", "__rate_interval", "__interval"}

CORE_PANELS = {"timeseries", "stat", "table", "state-timeline", "bargauge", "piechart"}

PROMQL_KEYWORDS = {
    "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left",
    "group_right", "inf", "nan", "atan2",
}
GROUPING_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right"}
AGGREGATIONS = {
    "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk",
    "topk", "quantile",
}

IDENT = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")
NUMBER = re.compile(r"(0x[0-9a-fA-F]+|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?(?:[a-zA-Z]+[0-9]*)*)")


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL:", what)
        return ok


def strip_strings(expr):
    """Replace the contents of string literals with nothing (quotes kept)."""
    out = []
    i = 0
    while i < len(expr):
        c = expr[i]
        if c in "\"'`":
            j = i + 1
            while j < len(expr) and expr[j] != c:
                j += 2 if expr[j] == "\\" and c != "`" else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def matching(expr, i, open_c, close_c):
    """Index of the bracket closing the one at expr[i]."""
    depth = 0
    for j in range(i, len(expr)):
        if expr[j] == open_c:
            depth += 1
        elif expr[j] == close_c:
            depth -= 1
            if depth == 0:
                return j
    raise ValueError("unbalanced %s%s in %r" % (open_c, close_c, expr))


def selector_problems(expr):
    """Rough check: every {...} selector carries both filters, every metric name has a selector.

    Returns a list of problems (empty when the expression passes)."""
    problems = []
    # Selector bodies, read from the original text (string contents matter there).
    for m in re.finditer(r"\{", expr):
        body = expr[m.start() + 1:matching(expr, m.start(), "{", "}")]
        for f in (JOB_FILTER, INSTANCE_FILTER):
            if f not in body:
                problems.append("selector {%s} lacks %s" % (body, f))
    # Metric names, read from the text without string contents and range/subquery durations.
    s = strip_strings(expr)
    s = re.sub(r"\[[^\]]*\]", "[]", s)
    i = 0
    while i < len(s):
        c = s[i]
        if c == "{":
            i = matching(s, i, "{", "}") + 1
            continue
        if c.isdigit() or (c == "." and i + 1 < len(s) and s[i + 1].isdigit()):
            m = NUMBER.match(s, i)
            i = m.end() if m and m.end() > i else i + 1
            continue
        m = IDENT.match(s, i)
        if not m:
            i += 1
            continue
        word = m.group(0)
        j = m.end()
        while j < len(s) and s[j].isspace():
            j += 1
        nxt = s[j] if j < len(s) else ""
        if word.lower() in GROUPING_KEYWORDS:
            i = matching(s, j, "(", ")") + 1 if nxt == "(" else j
            continue
        if word.lower() in PROMQL_KEYWORDS:
            i = j
            continue
        if nxt == "(":  # a function or an aggregation
            i = j
            continue
        if word in AGGREGATIONS and re.match(r"(by|without)\s*\(", s[j:]):  # sum by (x) (...)
            i = j
            continue
        if nxt != "{":
            problems.append("metric name %r without a selector" % word)
        i = j
    return problems


def variables_in(expr):
    return set(re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", expr))


def substitute(expr):
    for k in sorted(SUBSTITUTIONS, key=len, reverse=True):
        expr = expr.replace("${" + k[1:] + "}", SUBSTITUTIONS[k]).replace(k, SUBSTITUTIONS[k])
    return expr


def check_dashboard(c, name, spec):
    path = os.path.join(HERE, name)
    try:
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
    except (OSError, ValueError) as e:
        c.check(False, "%s: cannot load: %s" % (name, e))
        return []
    c.check(True, name + " is valid JSON")
    c.check(d.get("schemaVersion") == 39, name + ": schemaVersion 39")
    c.check(d.get("editable") is False, name + ": editable false")
    c.check(d.get("id") is None, name + ": id null or absent")
    c.check(d.get("uid") == spec["uid"], name + ": uid " + spec["uid"])
    c.check(d.get("title") == spec["title"], name + ": title " + spec["title"])

    # Variables.
    variables = {v.get("name"): v for v in d.get("templating", {}).get("list", [])}
    ds = variables.get("datasource", {})
    c.check(ds.get("type") == "datasource" and ds.get("query") == "prometheus",
            name + ": datasource variable (type datasource, query prometheus)")
    job = variables.get("job", {})
    c.check(job.get("type") == "query" and job.get("query") == JOB_QUERY
            and job.get("datasource") == DATASOURCE,
            name + ": job variable queries " + JOB_QUERY)
    c.check(job.get("includeAll") is True and job.get("allValue") == ".*",
            name + ": job variable includes All (.*)")
    inst = variables.get("instance", {})
    c.check(inst.get("type") == "query" and inst.get("query") == INSTANCE_QUERY
            and inst.get("datasource") == DATASOURCE,
            name + ": instance variable queries " + INSTANCE_QUERY)
    if spec["instance_multi"]:
        c.check(inst.get("multi") is True and inst.get("includeAll") is True
                and inst.get("allValue") == ".*",
                name + ": instance variable is multi-select with All (.*)")
    else:
        c.check(not inst.get("multi") and not inst.get("includeAll"),
                name + ": instance variable is single-select")

    # Panels.
    panels = d.get("panels", [])
    c.check(len(panels) > 0, name + ": has panels")
    titles = [p.get("title") for p in panels]
    c.check(len(titles) == len(set(titles)) and all(titles), name + ": panel titles set and unique")
    ids = [p.get("id") for p in panels]
    c.check(len(ids) == len(set(ids)) and None not in ids, name + ": panel ids unique")
    queries = []
    occupied = {}
    for p in panels:
        where = "%s: panel %s %r" % (name, p.get("id"), p.get("title"))
        c.check(p.get("type") in CORE_PANELS, where + ": core panel type (%s)" % p.get("type"))
        c.check(p.get("datasource") == DATASOURCE, where + ": datasource ${datasource}")
        unit = p.get("fieldConfig", {}).get("defaults", {}).get("unit")
        c.check(isinstance(unit, str) and unit != "", where + ": fieldConfig.defaults.unit set")
        gp = p.get("gridPos", {})
        c.check(all(isinstance(gp.get(k), int) for k in "xywh") and gp["x"] + gp["w"] <= 24,
                where + ": gridPos within 24 columns")
        if all(isinstance(gp.get(k), int) for k in "xywh"):
            cells = {(x, y) for x in range(gp["x"], gp["x"] + gp["w"])
                     for y in range(gp["y"], gp["y"] + gp["h"])}
            overlap = [occupied[xy] for xy in cells if xy in occupied]
            c.check(not overlap, where + ": does not overlap panel(s) %s" % sorted(set(overlap)))
            for xy in cells:
                occupied[xy] = p.get("id")
        targets = p.get("targets", [])
        c.check(len(targets) > 0, where + ": has targets")
        refs = [t.get("refId") for t in targets]
        c.check(len(refs) == len(set(refs)) and all(refs), where + ": refIds set and unique")
        for t in targets:
            tw = "%s target %s" % (where, t.get("refId"))
            expr = t.get("expr")
            if not c.check(isinstance(expr, str) and expr.strip(), tw + ": has expr"):
                continue
            c.check(t.get("datasource") == DATASOURCE, tw + ": datasource ${datasource}")
            c.check("legendFormat" in t, tw + ": has legendFormat")
            extra = variables_in(expr) - ALLOWED_VARIABLES
            c.check(not extra, tw + ": uses only allowed variables (extra: %s)" % sorted(extra))
            problems = selector_problems(expr)
            c.check(not problems, tw + ": every selector filtered by job and instance: %s"
                    % "; ".join(problems))
            if p.get("type") == "table":
                c.check(t.get("instant") is True and t.get("format") == "table",
                        tw + ": table target is instant with format table")
            queries.append((tw, expr, bool(t.get("instant"))))
    return queries


def prom_get(base, path, params):
    url = base.rstrip("/") + path + "?" + urllib.parse.urlencode(params)
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        try:
            return json.load(e)
        except ValueError:
            return {"status": "error", "error": "HTTP %s" % e.code}
    except (urllib.error.URLError, OSError, ValueError) as e:
        return {"status": "error", "error": str(e)}


def run_queries(c, base, queries, at, require_data):
    for where, expr, instant in queries:
        q = substitute(expr)
        if instant:
            r = prom_get(base, "/api/v1/query", {"query": q, "time": at})
        else:
            r = prom_get(base, "/api/v1/query_range",
                         {"query": q, "start": at - 3600, "end": at, "step": 15})
        ok = r.get("status") == "success"
        c.check(ok, "%s: Prometheus runs it: %s\n  %s" % (where, r.get("error"), q))
        if ok:
            n = len(r["data"]["result"]) if isinstance(r["data"]["result"], list) else 1
            if require_data:
                c.check(n > 0, "%s: returns data\n  %s" % (where, q))
            elif n == 0:
                print("note: no series:", where)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--prometheus", help="base URL of a Prometheus to run every query against")
    ap.add_argument("--time", type=float, help="evaluation time (Unix seconds; default now)")
    ap.add_argument("--require-data", action="store_true",
                    help="with --prometheus: fail queries that return no series")
    args = ap.parse_args()

    c = Checker()
    all_queries = []
    for name, spec in DASHBOARDS.items():
        all_queries += check_dashboard(c, name, spec)
    # The checker's own selector check must catch what it is meant to catch.
    c.check(selector_problems('up{job=~"$job"}') != [], "self-test: missing instance filter found")
    c.check(selector_problems('sum(up) + up{job=~"$job", instance=~"$instance"}') != [],
            "self-test: bare metric name found")
    c.check(selector_problems('sum by (job) (up)') != [], "self-test: aggregated bare metric found")
    c.check(selector_problems('sum by (job) (rate(x{job=~"$job", instance=~"$instance"}[5m])) '
                              '* on (instance) group_left (version) y{job=~"$job", '
                              'instance=~"$instance"} > 1e3 or vector(0)') == [],
            "self-test: a filtered expression passes")
    if args.prometheus:
        at = args.time if args.time else time.time()
        run_queries(c, args.prometheus, all_queries, at, args.require_data)
    print("%d queries in %d dashboards" % (len(all_queries), len(DASHBOARDS)))
    print("%d passed, %d failed" % (c.passed, c.failed))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
