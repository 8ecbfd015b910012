#!/usr/bin/env python3
"""Tests of how bench/measure.py runs the tools and judges the targets (no tool is run).

    python3 bench/test_measure.py        (scripts/test.sh runs it)

The figures are those of two full runs on a loaded machine (2026-12-04, 16:21 and 17:06 UTC),
whose medians gave the wrong verdict; the fastest runs give the right one.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import measure  # noqa: E402

MB = measure.MB


def run(wall, cpu=None, rc=0, rss_kb=20_000):
    return {"wall": wall, "cpu": wall if cpu is None else cpu, "rss_kb": rss_kb, "rc": rc, "stderr": ""}


def results_for(size, walls_by_key):
    return {(key, size): measure.summarize(key, [run(w) for w in walls], (0, 1))
            for key, walls in walls_by_key.items()}


def verdicts(results, sizes, jobs=2):
    stats = {s: {"bytes": 100 * MB, "largest": 100_000} for s in sizes}
    return {name: (result, measured) for name, result, measured in measure.check_targets(results, stats, sizes, jobs, None)}


class RoundsTests(unittest.TestCase):
    def tools(self):
        return [("floor", "floor", lambda d: ["floor", d], (0,)),
                ("policylint", "pl1", lambda d: ["pl1", d], (0, 1)),
                ("yamllint", "yamllint", lambda d: ["yamllint", d], (0, 1))]

    def test_each_round_runs_every_tool_once_in_turn(self):
        calls = []
        measure.run_rounds(self.tools(), "corpus", 3, 120.0, lambda cmd: calls.append(cmd[0]) or run(1.0))
        self.assertEqual(calls, ["floor", "pl1", "yamllint"] * 3)

    def test_a_slow_tool_leaves_the_rounds_and_a_failed_one_is_reported(self):
        calls = []

        def fake(cmd):
            calls.append(cmd[0])
            return run(300.0) if cmd[0] == "yamllint" else run(1.0, rc=2 if cmd[0] == "pl1" else 0)

        runs, failed = measure.run_rounds(self.tools(), "corpus", 3, 120.0, fake)
        self.assertEqual(calls, ["floor", "pl1", "yamllint", "floor", "floor"])
        self.assertEqual([len(runs[k]) for k in ("floor", "pl1", "yamllint")], [3, 1, 1])
        self.assertEqual([label for label, _ in failed], ["policylint"])


class TargetTests(unittest.TestCase):
    def test_one_slow_floor_run_does_not_make_a_pass(self):
        # 17:06 UTC, 100 MB: medians 1.465 / 3.507 s = 41.8%, fastest runs 1.118 / 3.491 s = 32.0%.
        results = results_for("100mb", {"floor": [1.465, 1.564, 1.118], "pl1": [4.490, 3.491, 3.507],
                                         "plN": [2.215, 2.031, 1.878]})
        self.assertGreaterEqual(results[("floor", "100mb")]["median"] / results[("pl1", "100mb")]["median"], 0.40)
        result, measured = verdicts(results, ["100mb"])["one thread ≥ 40% of libyaml-only throughput"]
        self.assertEqual(result, "MISS")
        self.assertTrue(measured.startswith("32.0% on 100mb (1.118 s vs 3.491 s, fastest runs; medians 41.8%"), measured)

    def test_one_slow_parallel_run_does_not_make_a_miss(self):
        # 16:21 UTC, 100 MB: medians 3.565 / 2.353 s = 1.52x, fastest runs 3.541 / 2.047 s = 1.73x.
        results = results_for("100mb", {"floor": [1.263, 1.201, 1.145], "pl1": [3.541, 3.565, 5.024],
                                         "plN": [2.353, 2.047, 2.478]})
        result, measured = verdicts(results, ["100mb"])["all cores ≥ 1.7× one thread (2 cores)"]
        self.assertEqual(result, "PASS")
        self.assertIn("1.73× with --jobs 2 on 100mb", measured)
        self.assertIn("medians 1.52×", measured)

    def test_a_busy_machine_is_named_beside_the_ratio(self):
        # 19:27 UTC, 100 MB: the floor's runs 1.289-2.052 s (+59%), policylint's 3.590-4.222 s (+18%).
        results = results_for("100mb", {"floor": [1.289, 1.806, 2.052], "pl1": [3.630, 4.222, 3.590],
                                         "plN": [1.991, 2.735, 2.257]})
        checks = verdicts(results, ["100mb"])
        result, measured = checks["one thread ≥ 40% of libyaml-only throughput"]
        self.assertEqual(result, "MISS")  # the verdict stays the fastest runs'
        self.assertIn("UNSTEADY: floor runs 1.289–2.052 s (+59%)", measured)
        self.assertNotIn("pl1 runs", measured)  # within the spread allowed
        self.assertIn("UNSTEADY: plN runs 1.991–2.735 s (+37%)", checks["all cores ≥ 1.7× one thread (2 cores)"][1])

    def test_a_steady_run_has_no_warning(self):
        # 11:47 UTC, 100 MB: every tool's runs within 8%.
        results = results_for("100mb", {"floor": [1.141, 1.135, 1.187], "pl1": [3.636, 3.895, 3.714],
                                         "plN": [2.056, 2.088, 1.937]})
        for name, (result, measured) in verdicts(results, ["100mb"]).items():
            self.assertNotIn("UNSTEADY", measured, name)

    def test_growth_compares_fastest_runs_per_ten_times_the_bytes(self):
        results = {**results_for("10mb", {"pl1": [0.40, 0.35, 0.60]}), **results_for("100mb", {"pl1": [3.6, 3.5, 4.5]})}
        stats = {"10mb": {"bytes": 10 * MB, "largest": 100_000}, "100mb": {"bytes": 100 * MB, "largest": 100_000}}
        checks = {n: (r, m) for n, r, m in measure.check_targets(results, stats, ["10mb", "100mb"], 2, None)}
        result, measured = checks["10× input ≤ 11× time"]
        self.assertEqual(result, "PASS")
        self.assertTrue(measured.startswith("worst 10.00×"), measured)  # 3.5 / 0.35, not 4.5 / 0.40


if __name__ == "__main__":
    unittest.main(verbosity=1)
