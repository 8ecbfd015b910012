#!/usr/bin/env python3
"""Run the benchmark tools over the corpora and write bench/out/results.md (called by run.sh).

Every run goes through `/usr/bin/time -v` (maximum resident set size); wall time is taken
here with a monotonic clock around the whole process. Each tool runs `--reps` times on each
corpus, in rounds (every tool once per round, in turn); the table gives the fastest and the
median wall time, and the targets compare the fastest runs (other work on a shared machine only
ever adds time, so the minimum is the steadiest estimate of a tool's own cost), with the
medians' figure beside them. A run slower than `--max-seconds` is not repeated. Exit status:
0 when every tool ran and exited as expected, 1 otherwise; 3 when `--strict` and a target was
missed. Needs only the standard library.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

MB = 1_000_000
MIB = 1 << 20


def corpus_stats(d):
    files, total, largest = [], 0, 0
    for root, _, names in os.walk(d):
        for n in names:
            if n.endswith((".yaml", ".yml")):
                p = os.path.join(root, n)
                s = os.path.getsize(p)
                files.append((s, p))
                total += s
                largest = max(largest, s)
    files.sort()
    return {"files": len(files), "bytes": total, "largest": largest,
            "smallest_path": files[0][1] if files else None}


def warm(d):
    """Read every file once so the first timed run does not pay for a cold page cache."""
    for root, _, names in os.walk(d):
        for n in names:
            with open(os.path.join(root, n), "rb") as f:
                while f.read(1 << 20):
                    pass


def run_once(cmd, stdout_path=None):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf, \
            tempfile.TemporaryFile("w+") as err:
        out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name, *cmd],
                           stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        if stdout_path:
            out.close()
        tv = open(tf.name).read()
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tv)
        cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", tv))
        err.seek(0)
        tail = err.read()[-2000:]
    return {"wall": wall, "cpu": cpu, "rss_kb": int(m.group(1)) if m else 0, "rc": p.returncode,
            "stderr": tail}


def fmt_s(x):
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def run_rounds(tools, d, reps, max_seconds, run, log=False):
    """Every tool `reps` times on corpus `d`, in rounds: each round runs every tool once, in
    turn, so that a change in the machine's load falls on all of them alike (three floor runs
    and then three policylint runs read the load of two different minutes). A tool that fails
    or runs over `max_seconds` leaves the rounds. Returns the runs per tool key and the
    failures as (label, message)."""
    runs = {key: [] for _, key, _, _ in tools}
    failed, done = [], set()
    for i in range(reps):
        for label, key, mk, ok_codes in tools:
            if key in done:
                continue
            r = run(mk(d))
            runs[key].append(r)
            if log:
                print(f"   {label:34s} run {i + 1}: {r['wall']:8.3f} s  cpu {r['cpu']:7.2f} s  "
                      f"{r['rss_kb'] / 1024:7.1f} MiB  exit {r['rc']}",
                      flush=True)
            if r["rc"] not in ok_codes:
                failed.append((label, f"exit {r['rc']}: {r['stderr'].strip()[-600:]}"))
                done.add(key)
            elif r["wall"] > max_seconds:
                done.add(key)
    return runs, failed


def summarize(label, runs, ok_codes):
    """One tool's runs on one corpus: `wall` is the fastest (other work on a shared machine only
    ever adds time, so the minimum is the steadiest estimate of the tool's own cost), `median`
    beside it; CPU time as median and least; peak memory the largest."""
    walls = [r["wall"] for r in runs]
    return {"label": label, "walls": walls, "wall": min(walls), "median": statistics.median(walls),
            "cpu": statistics.median(r["cpu"] for r in runs), "cpu_min": min(r["cpu"] for r in runs),
            "rss_kb": max(r["rss_kb"] for r in runs), "rc": sorted({r["rc"] for r in runs}),
            "ok": all(r["rc"] in ok_codes for r in runs)}


# A tool whose slowest run took this much longer than its fastest ran on a machine too busy to
# trust its ratios to a few per cent (the floor's runs on 100 MB at 19:27 UTC on 2026-12-04:
# 1.289, 1.806 and 2.052 s, when it takes 1.11-1.19 s on a quiet one); quiet runs spread 4-8%.
UNSTEADY_SPREAD = 0.20


def unsteadiness(*tools):
    """A warning naming the tools whose runs spread more than `UNSTEADY_SPREAD`, or ""."""
    parts = [f"{t['label']} runs {fmt_s(min(t['walls']))}–{fmt_s(max(t['walls']))} s "
             f"(+{(max(t['walls']) / min(t['walls']) - 1) * 100:.0f}%)"
             for t in tools if t and min(t["walls"]) > 0 and max(t["walls"]) / min(t["walls"]) - 1 > UNSTEADY_SPREAD]
    if not parts:
        return ""
    return ("; UNSTEADY: " + ", ".join(parts) +
            ": the machine was busy, the ratio may be off by several per cent (compare interleaved runs: bench/split.sh, bench/ab.sh)")


def check_targets(results, stats, sizes, jobs, small):
    """The six targets as (name, PASS/MISS/N/A, measured): time ratios from each tool's fastest
    run (`wall`), the medians' figure beside them; CPU-time figures from the least CPU time. A
    ratio whose tools' runs spread widely says so (`unsteadiness`)."""
    checks = []

    def check(name, ok, measured):
        if ok is None:
            checks.append((name, "N/A", measured))
        else:
            checks.append((name, "PASS" if ok else "MISS", measured))

    big = sizes[-1]
    got = lambda k, s=big: results.get((k, s)) if results.get((k, s), {}).get("ok") else None
    f, p1, pn = got("floor"), got("pl1"), got("plN")
    if f and p1:
        ratio = f["wall"] / p1["wall"]
        per = ", ".join(f"{s}: {results[('floor', s)]['wall'] / results[('pl1', s)]['wall'] * 100:.0f}%"
                        for s in sizes if ("floor", s) in results and ("pl1", s) in results)
        # By CPU time too the least of the runs: on a shared host a busy neighbour inflates CPU
        # time as well (the floor's took 1.12 to 1.79 s in one run at 17:16 UTC).
        cpu_ratio = f"{f['cpu_min'] / p1['cpu_min'] * 100:.1f}%" if f["cpu_min"] > 0 and p1["cpu_min"] > 0 else "–"
        check("one thread ≥ 40% of libyaml-only throughput", ratio >= 0.40,
              f"{ratio * 100:.1f}% on {big} ({fmt_s(f['wall'])} s vs {fmt_s(p1['wall'])} s, fastest runs; "
              f"medians {f['median'] / p1['median'] * 100:.1f}%; {per}; by CPU time {cpu_ratio} on {big})"
              + unsteadiness(f, p1))
    else:
        check("one thread ≥ 40% of libyaml-only throughput", None, "not measured")
    if p1 and pn:
        sp = p1["wall"] / pn["wall"]
        cores = os.cpu_count() or 1
        if jobs < 2:
            check("all cores ≥ 1.7× one thread (2 cores)", None, f"{sp:.2f}× (only {jobs} core)")
        else:
            check("all cores ≥ 1.7× one thread (2 cores)", sp >= 1.7,
                  f"{sp:.2f}× with --jobs {jobs} on {big} ({cores} cores; medians {p1['median'] / pn['median']:.2f}×)"
                  + unsteadiness(p1, pn))
    else:
        check("all cores ≥ 1.7× one thread (2 cores)", None, "not measured")
    worst, detail = None, []
    for key in ("pl1", "plN"):
        for a, b in zip(sizes, sizes[1:]):
            if (key, a) in results and (key, b) in results:
                tr = results[(key, b)]["wall"] / results[(key, a)]["wall"]
                n = tr / (stats[b]["bytes"] / stats[a]["bytes"]) * 10
                worst = n if worst is None else max(worst, n)
                detail.append(f"{'jobs 1' if key == 'pl1' else f'jobs {jobs}'} {a}→{b}: {n:.2f}×")
    cpu_detail = []
    for a, b in zip(sizes, sizes[1:]):
        if ("pl1", a) in results and ("pl1", b) in results and results[("pl1", a)]["cpu_min"] > 0:
            n = results[("pl1", b)]["cpu_min"] / results[("pl1", a)]["cpu_min"] / (stats[b]["bytes"] / stats[a]["bytes"]) * 10
            cpu_detail.append(f"{a}→{b}: {n:.2f}×")
    check("10× input ≤ 11× time", None if worst is None else worst <= 11.0,
          "not measured (one corpus)" if worst is None else
          f"worst {worst:.2f}× ({'; '.join(detail)}; by CPU time, jobs 1: {', '.join(cpu_detail) or '–'})")
    mem_ok, mem_detail = None, ""
    worst_frac = None
    for (key, size), r in results.items():
        if key in ("pl1", "plN"):
            limit_kb = (2 * stats[size]["largest"] + 64 * MIB) / 1024
            frac = r["rss_kb"] / limit_kb
            if worst_frac is None or frac > worst_frac:
                worst_frac = frac
                mem_detail = (f"worst {r['rss_kb'] / 1024:.1f} MiB vs limit {limit_kb / 1024:.1f} MiB "
                              f"({r['label']} on {size}; {frac * 100:.0f}% of limit)")
    if worst_frac is not None:
        mem_ok = worst_frac <= 1.0
    check("peak memory ≤ 2× largest input file + 64 MB", mem_ok, mem_detail or "not measured")
    if small:
        check("one small policy file end to end ≤ 25 ms median", small["pl_median"] <= 0.025,
              f"{small['pl_median'] * 1000:.1f} ms median (±{small['pl_stddev'] * 1000:.1f} ms, {small['runs']} runs, "
              f"{small['bytes']} bytes; CPU {small['pl_cpu'] * 1000:.1f} ms; C floor {small['floor_median'] * 1000:.1f} ms)")
    else:
        check("one small policy file end to end ≤ 25 ms median", None, "not measured (no hyperfine)")
    ysize = next((s for s in reversed(sizes) if got("yamllint", s) and got("pl1", s)), None)
    if ysize:
        y, a1 = results[("yamllint", ysize)], results[("pl1", ysize)]
        r1 = y["wall"] / a1["wall"]
        rn = y["wall"] / results[("plN", ysize)]["wall"] if got("plN", ysize) else float("nan")
        rc = y["cpu_min"] / a1["cpu_min"] if a1["cpu_min"] > 0 else float("nan")  # nan prints as "nan×"
        check("≥ 20× the throughput of yamllint", r1 >= 20.0,
              f"{r1:.1f}× with --jobs 1 (medians {y['median'] / a1['median']:.1f}×), {rn:.1f}× with --jobs {jobs} (on {ysize}; by CPU time, jobs 1: {rc:.1f}×)")
    else:
        check("≥ 20× the throughput of yamllint", None, "not measured")

    return checks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus-root", required=True)
    ap.add_argument("--sizes", required=True, help="comma list, smallest first")
    ap.add_argument("--floor", required=True)
    ap.add_argument("--policylint", required=True)
    ap.add_argument("--policylint-args", default="", help="extra lint arguments (shell words)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--rg", default="")
    ap.add_argument("--patterns", default="")
    ap.add_argument("--yamllint", default="")
    ap.add_argument("--hyperfine", default="")
    ap.add_argument("--small-runs", type=int, default=30)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--max-seconds", type=float, default=120.0)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--out", required=True)
    ap.add_argument("--machine", default="")
    ap.add_argument("--note", action="append", default=[])
    args = ap.parse_args()

    sizes = [s for s in args.sizes.split(",") if s]
    load_start = os.getloadavg()[0]
    extra = shlex.split(args.policylint_args)
    pl = args.policylint
    n_pat = sum(1 for _ in open(args.patterns)) if args.patterns else 0

    tools = [("libyaml floor (C, events only)", "floor", lambda d: [args.floor, d], (0,))]
    tools.append(("policylint --jobs 1", "pl1",
                  lambda d: [pl, "lint", "--format", "json", "--fail-on", "never", "--jobs", "1", *extra, d], (0, 1)))
    tools.append((f"policylint --jobs {args.jobs}", "plN",
                  lambda d: [pl, "lint", "--format", "json", "--fail-on", "never", "--jobs", str(args.jobs), *extra, d], (0, 1)))
    if args.rg and n_pat:
        tools.append(("ripgrep -j1 (phrase lists)", "rg1",
                      lambda d: [args.rg, "--no-ignore", "-i", "-c", "-j1", "-f", args.patterns, d], (0, 1)))
        tools.append((f"ripgrep -j{args.jobs} (phrase lists)", "rgN",
                      lambda d: [args.rg, "--no-ignore", "-i", "-c", f"-j{args.jobs}", "-f", args.patterns, d], (0, 1)))
    if args.yamllint:
        tools.append(("yamllint (default config)", "yamllint",
                      lambda d: [args.yamllint, "-d", "default", "-f", "parsable", d], (0, 1)))

    os.makedirs(args.out, exist_ok=True)
    failures, results, stats = [], {}, {}
    for size in sizes:
        d = os.path.join(args.corpus_root, size)
        st = stats[size] = corpus_stats(d)
        print(f"== {size}: {st['files']} files, {st['bytes'] / MB:.2f} MB, largest {st['largest'] / 1000:.1f} KB",
              flush=True)
        warm(d)
        # One untimed run that keeps policylint's JSON, to show it linted every file.
        if size == sizes[0]:
            jpath = os.path.join(args.out, f"policylint-{size}.json")
            r = run_once(tools[1][2](d), stdout_path=jpath)
            try:
                doc = json.load(open(jpath))
                nf = len(doc.get("files", [])) if isinstance(doc.get("files"), list) else doc.get("files")
                st["sanity"] = f"policylint JSON on {size}: {len(doc.get('findings', []))} findings, files={nf}"
            except Exception as e:  # a stub or a broken build; the timed runs still say which
                st["sanity"] = f"policylint output on {size} is not JSON ({type(e).__name__})"
            print("   " + st["sanity"], flush=True)
        runs, failed = run_rounds(tools, d, args.reps, args.max_seconds, run_once, log=True)
        failures += [f"{label} on {size}: {message}" for label, message in failed]
        for label, key, _, ok_codes in tools:
            results[(key, size)] = summarize(label, runs[key], ok_codes)

    load_end = os.getloadavg()[0]

    # One small policy file end to end.
    small = None
    if args.hyperfine and stats[sizes[0]]["smallest_path"]:
        f = stats[sizes[0]]["smallest_path"]
        jf = os.path.join(args.out, "hyperfine-small.json")
        cmds = [f"{shlex.quote(pl)} lint --format json --fail-on never {' '.join(map(shlex.quote, extra))} {shlex.quote(f)}",
                f"{shlex.quote(args.floor)} {shlex.quote(f)}"]
        hf = [args.hyperfine, "-N", "-i", "--style", "basic", "--warmup", "3", "--runs", str(args.small_runs),
              "--export-json", jf, *cmds]
        print(f"== one small file ({os.path.getsize(f)} bytes): hyperfine", flush=True)
        p = subprocess.run(hf, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode != 0:
            failures.append(f"hyperfine exit {p.returncode}: {p.stdout[-600:]}")
        else:
            res = json.load(open(jf))["results"]
            small = {"file": f, "bytes": os.path.getsize(f), "pl_median": res[0]["median"],
                     "pl_mean": res[0]["mean"], "pl_stddev": res[0]["stddev"] or 0.0,
                     "pl_cpu": res[0]["user"] + res[0]["system"],
                     "floor_median": res[1]["median"], "runs": len(res[0]["times"])}
            print(f"   policylint median {small['pl_median'] * 1000:.1f} ms, floor {small['floor_median'] * 1000:.1f} ms",
                  flush=True)

    # ---- report -----------------------------------------------------------------------
    L = []
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    L.append(f"## Results ({'smoke run, timings not meaningful' if args.smoke else 'full run'}, {now})\n")
    if args.machine:
        L.append(f"Machine: {args.machine}\n")
    for n in args.note:
        L.append(f"- {n}")
    L.append(f"- load average (1 min) at start {load_start:.2f}, after the corpus runs {load_end:.2f} "
             f"on {os.cpu_count()} CPUs: other work on the machine inflates wall times; CPU s "
             "(user + system, from `/usr/bin/time`) is less sensitive to it")
    L.append(f"- ripgrep pattern set: {n_pat} patterns from rules/*.yaml" if args.rg else "- ripgrep: not run")
    for size in sizes:
        if stats[size].get("sanity"):
            L.append(f"- {stats[size]['sanity']}")
    L.append(f"- wall time: up to {args.reps} runs per tool, in rounds (each tool once per round; a run over "
             f"{args.max_seconds:.0f} s is not repeated); MB/s, growth and the targets use the fastest run of each tool "
             "(interference only adds time), the medians are given beside them; "
             "MB = 10^6 bytes, MiB = 2^20 bytes; peak RSS = maximum resident set size from `/usr/bin/time -v`, "
             "largest of the runs; CPU s = median user + system time (the targets' CPU-time figures use the least)")
    L.append("")
    L.append("| corpus | files | MB | largest file KB | tool | wall s (min) | wall s (median) | runs | MB/s | CPU s | peak RSS MiB | exit |")
    L.append("|---|---:|---:|---:|---|---:|---:|---|---:|---:|---:|---|")
    for size in sizes:
        st = stats[size]
        for label, key, _, _ in tools:
            r = results.get((key, size))
            if not r:
                continue
            mbs = st["bytes"] / MB / r["wall"] if r["wall"] > 0 else float("inf")
            runs = ", ".join(fmt_s(w) for w in r["walls"])
            L.append(f"| {size} | {st['files']} | {st['bytes'] / MB:.2f} | {st['largest'] / 1000:.1f} | {label} | "
                     f"{fmt_s(r['wall'])} | {fmt_s(r['median'])} | {runs} | {mbs:.2f} | {r['cpu']:.2f} | {r['rss_kb'] / 1024:.1f} | "
                     f"{'/'.join(map(str, r['rc']))}{'' if r['ok'] else ' ERROR'} |")
    L.append("")

    if len(sizes) > 1:
        L.append("Growth of wall time with input (fastest runs; time ratio; in brackets: per 10× bytes, i.e. "
                 "time ratio ÷ byte ratio × 10):\n")
        pairs = list(zip(sizes, sizes[1:]))
        L.append("| tool | " + " | ".join(f"{s} s" for s in sizes) + " | "
                 + " | ".join(f"{a}→{b}" for a, b in pairs) + " |")
        L.append("|---|" + "---:|" * (len(sizes) + len(pairs)))
        for label, key, _, _ in tools:
            cells = [fmt_s(results[(key, s)]["wall"]) if (key, s) in results else "–" for s in sizes]
            ratios = []
            for a, b in pairs:
                if (key, a) in results and (key, b) in results:
                    tr = results[(key, b)]["wall"] / results[(key, a)]["wall"]
                    br = stats[b]["bytes"] / stats[a]["bytes"]
                    ratios.append(f"{tr:.2f}× [{tr / br * 10:.2f}×]")
                else:
                    ratios.append("–")
            L.append(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
        L.append("")

    checks = check_targets(results, stats, sizes, args.jobs, small)

    L.append("Targets" + (" (smoke run: reported, not asserted)" if args.smoke else "") + ":\n")
    L.append("| target | result | measured |")
    L.append("|---|---|---|")
    for name, res, measured in checks:
        L.append(f"| {name} | {res} | {measured} |")
    L.append("")
    if failures:
        L.append("Errors:\n")
        for f_ in failures:
            L.append("- " + f_.replace("\n", " ⏎ "))
        L.append("")
    text = "\n".join(L)
    with open(os.path.join(args.out, "results.json"), "w") as fh:
        json.dump({"machine": args.machine, "load_start": load_start, "load_end": load_end,
                   "corpora": stats, "small_file": small,
                   "runs": [{"tool": k, "corpus": s_, **v} for (k, s_), v in results.items()],
                   "targets": [{"target": n, "result": r, "measured": m} for n, r, m in checks]},
                  fh, indent=1)
    with open(os.path.join(args.out, "results.md"), "w") as fh:
        fh.write(text)
    print()
    print(text)
    if failures:
        return 1
    if args.strict and not args.smoke and any(r == "MISS" for _, r, _ in checks):
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
