#!/usr/bin/env python3
"""The lessons in scenarios/lessons/ load, run headless, show their captions
in time order, and what their captions claim really happens in the numbers.

usage: test_lessons.py WATERMARK_EXPLORER   (cwd = project root)
"""
import glob
import json
import os
import re
import subprocess
import sys

from clitest import check, failures
from clitest import run as run_args

LESSONS = "scenarios/lessons"


def run(args, timeout=60):
    return run_args(*args, timeout=timeout)


def run_json(path, *extra):
    """`run PATH --json [extra]`: the parsed document, or None (recorded as a failure)."""
    r = run(["run", path, "--json"] + list(extra))
    if not check(r.returncode == 0, f"run {path} {' '.join(extra)} exits 0 (got {r.returncode}: {r.stderr.strip()[:300]})"):
        return None
    try:
        return json.loads(r.stdout)
    except json.JSONDecodeError as e:
        check(False, f"run {path} --json prints JSON ({e})")
        return None


def zone(doc, name, node=0):
    for z in doc["zones"]:
        if z["zone"] == name and z["node"] == node:
            return z
    raise KeyError(name)


def atomic_floor(m):
    """__zone_watermark_ok for GFP_ATOMIC: min - min/2, then minus a quarter of that (3/8 of min)."""
    m1 = m - m // 2
    return m1 - m1 // 4


# ---- every lesson: loads, runs, captions in time order -------------------------------------

def generic(path):
    text = open(path, encoding="utf-8").read()
    r = run(["validate", path])
    check(r.returncode == 0, f"validate {path} exits 0 (got {r.returncode}: {(r.stdout + r.stderr).strip()[:300]})")
    doc = run_json(path)
    if doc is None:
        return None
    caps = doc.get("captions", [])
    check(len(caps) > 0, f"{path}: run --json lists captions")
    times = [c["at_s"] for c in caps]
    check(times == sorted(times), f"{path}: captions in time order {times}")
    for c in caps:
        check(c["text"].strip() != "", f"{path}: caption at {c['at_s']} s has text")
        check(len(c["text"]) <= 240, f"{path}: caption at {c['at_s']} s is short enough for the banner ({len(c['text'])} chars)")
    declared = len(re.findall(r"^\s*(?:-\s+)?caption:", text, re.M))
    check(len(caps) == declared, f"{path}: all {declared} captions reach the run ({len(caps)})")
    check(re.search(r"^\s*pause:\s*true\s*$", text, re.M) is not None, f"{path}: has a 'pause: true' prediction point")
    check(0 < doc["simulated_seconds"] <= 40, f"{path}: 10-40 s simulated (got {doc['simulated_seconds']})")
    return doc


# ---- what each lesson claims -----------------------------------------------------------------

def lesson1(path, doc):
    c = doc["counters"]
    check(c["pageoutrun"] > 0 and c["kswapd_low_wmark_hit_quickly"] > 0,
          "lesson 1: kswapd ran and was woken during its 100 ms nap (kswapd_low_wmark_hit_quickly)")
    check(c["sim_time_below_low_ms"] > 0, "lesson 1: free went below low after the scale factor grew")
    # Before the sysctl write: min_free_kbytes 8192 -> 2048 pages, Normal's share 2040, step max(510, 1044).
    before = run_json(path, "--duration", "11900ms")
    if before:
        n = zone(before, "Normal")
        check((n["min"], n["low"], n["high"]) == (2040, 3084, 4128),
              f"lesson 1: Normal min/low/high 2040/3084/4128 at wsf 10 (got {n['min']}/{n['low']}/{n['high']})")
        check(before["sysctls"]["min_free_kbytes"] == 8192, "lesson 1: min_free_kbytes auto = 8192")
    n = zone(doc, "Normal")
    check((n["min"], n["low"], n["high"]) == (2040, 12487, 22934),
          f"lesson 1: wsf 100 widens the gap, min unchanged (got {n['min']}/{n['low']}/{n['high']})")
    # kswapd first wakes when free crosses low, just before the 3.85 s caption.
    a = run_json(path, "--duration", "3500ms")
    b = run_json(path, "--duration", "3850ms")
    if a and b:
        check(a["counters"]["sim_kswapd_wakeups"] == 0 and b["counters"]["sim_kswapd_wakeups"] >= 1,
              "lesson 1: kswapd first wakes between 3.5 s and 3.85 s")
    # After the widening, naps end above low but below high: high_wmark_hit_quickly takes over.
    at20 = run_json(path, "--duration", "20s")
    if before and at20:
        d_low = at20["counters"]["kswapd_low_wmark_hit_quickly"] - before["counters"]["kswapd_low_wmark_hit_quickly"]
        d_high = at20["counters"]["kswapd_high_wmark_hit_quickly"] - before["counters"]["kswapd_high_wmark_hit_quickly"]
        check(d_high > 10 * max(1, d_low), f"lesson 1: after wsf 100, high_wmark_hit_quickly dominates ({d_high} vs {d_low})")


def lesson2(path, doc):
    k = run_json(path, "--duration", "8s")   # end of the GFP_KERNEL phase
    if k:
        n, d32 = zone(k, "Normal"), zone(k, "DMA32")
        check(k["counters"]["sim_alloc_failures"] == 0 and k["counters"]["allocstall_normal"] > 0,
              "lesson 2: GFP_KERNEL never fails, it reclaims directly")
        check(n["free"] >= n["min"], f"lesson 2: GFP_KERNEL stops at Normal's min ({n['free']} >= {n['min']})")
        check(d32["free"] > d32["min"] + 1792, f"lesson 2: GFP_KERNEL leaves DMA32 min + 1792 reserve ({d32['free']})")
    w = run_json(path, "--duration", "14s")  # end of the GFP_NOWAIT phase
    if w:
        n = zone(w, "Normal")
        check(w["counters"]["sim_alloc_failures"] > 0, "lesson 2: GFP_NOWAIT fails at min")
        check(w["counters"]["sim_warn_alloc_messages"] == 0, "lesson 2: GFP_NOWAIT fails silently (__GFP_NOWARN)")
        check(n["free"] >= n["min"], f"lesson 2: GFP_NOWAIT gets no deeper than min ({n['free']} >= {n['min']})")
    a = run_json(path, "--duration", "20s")  # inside the GFP_ATOMIC phase
    if a:
        n, d32, dma = zone(a, "Normal"), zone(a, "DMA32"), zone(a, "DMA")
        floor = atomic_floor(n["min"])
        check(floor == 2353 and n["atomic_floor"] == floor, f"lesson 2: Normal's atomic floor is 3/8 of min = 2353 (got {n['atomic_floor']})")
        check(floor < n["free"] <= floor + 20, f"lesson 2: GFP_ATOMIC went down to 3/8 of min in Normal (free {n['free']})")
        check(d32["free"] < d32["min"] and d32["atomic_floor"] < d32["free"] <= d32["atomic_floor"] + 20,
              f"lesson 2: GFP_ATOMIC went down to DMA32's floor + reserve {d32['atomic_floor']} (free {d32['free']})")
        check(dma["free"] == 3640, "lesson 2: lowmem_reserve kept DMA untouched")
        check(a["counters"]["sim_atomic_failures"] > 0 and a["counters"]["sim_warn_alloc_messages"] == 1,
              "lesson 2: GFP_ATOMIC fails below its floor, warn_alloc prints once")


def lesson3(path, doc):
    c = doc["counters"]
    check(c["sim_boosts_extfrag"] > 0 and c["sim_kswapd_boost_reclaimed"] > 0,
          "lesson 3: fragmentation fallbacks boost the watermarks and kswapd reclaims the boost")
    check(c["sim_atomic_failures"] == 0, "lesson 3: no GFP_ATOMIC request fails")
    s3, s9 = run_json(path, "--duration", "3s"), run_json(path, "--duration", "8s")
    if s3 and s9:
        swapped = s9["counters"]["pswpout"] - s3["counters"]["pswpout"]
        boosted = s9["counters"]["sim_kswapd_boost_reclaimed"]
        check(boosted > 0 and swapped * 100 < boosted,
              f"lesson 3: boosted reclaim does not swap ({swapped} swapped for {boosted} boost pages reclaimed)")
    cap = run_json(path, "--duration", "11900ms")
    if cap:
        n = zone(cap, "Normal")
        high = n["high"] - n["boost"]
        check(n["boost"] == high * 15000 // 10000 == 6216, f"lesson 3: boost capped at 1.5 x high = 6216 (got {n['boost']})")
    burst = run_json(path, "--duration", "12080ms")
    if burst:
        n = zone(burst, "Normal")
        check(n["boost"] > 0 and n["free"] < atomic_floor(n["min"]),
              f"lesson 3: the burst took free ({n['free']}) below 3/8 of the boosted min ({atomic_floor(n['min'])})")
        check(burst["counters"]["sim_atomic_failures"] == 0, "lesson 3: ... and no atomic request failed (escape hatch)")
    off = run_json(path, "--duration", "20s")
    if off:
        check(off["counters"]["sim_boosts_extfrag"] == c["sim_boosts_extfrag"],
              "lesson 3: watermark_boost_factor 0 stops boosting")


def lesson4(path, doc):
    first = run_json(path, "--duration", "15s")
    if first:
        f1 = first["counters"]["sim_atomic_failures"]
        f2 = doc["counters"]["sim_atomic_failures"] - f1
        check(f1 > 0, f"lesson 4: the first burst makes GFP_ATOMIC fail ({f1})")
        check(f2 < f1 and f2 == 0, f"lesson 4: after doubling min_free_kbytes the same burst fails less ({f2} vs {f1})")
        check(first["sysctls"]["min_free_kbytes"] == 67584 and doc["sysctls"]["min_free_kbytes"] == 135168,
              "lesson 4: min_free_kbytes 67584 -> 135168 at 15 s")
    a, b = run_json(path, "--duration", "5s"), run_json(path, "--duration", "5300ms")
    if a and b:
        busy = b["counters"]["sim_kswapd_busy_ms"] - a["counters"]["sim_kswapd_busy_ms"]
        check(busy >= 250, f"lesson 4: kswapd was busy during the failing burst ({busy} ms of 300)")
        check(b["counters"]["sim_atomic_failures"] > 0, "lesson 4: failures happen inside the burst")


def lesson5(path, doc):
    c = doc["counters"]
    check(doc["policy"] == "v4", f"lesson 5: runs policy v4 (got {doc['policy']})")
    check(c["sim_boosts_atomic_slowpath"] > 0 and c["sim_debounce_suppressed"] > 0,
          "lesson 5: v4 soft-boosts on slowpath entry and its debounce suppresses the rest")
    check(c["sim_atomic_failures"] > 0, "lesson 5: the bursts still fail under v4")
    static = run_json(path, "--policy", "static-min-free")
    if static:
        check(static["counters"]["sim_atomic_failures"] < c["sim_atomic_failures"]
              and static["counters"]["sim_atomic_failures"] == 0,
              "lesson 5: the static min_free_kbytes tuning removes the failures")
    # "kswapd cleared Normal's and DMA32's within 20 ms, and DMA's ... on its next run 100 ms later"
    boosts = {}
    for ms in (10330, 10345, 10420, 10425, 10500, 10510):
        d = run_json(path, "--duration", f"{ms}ms")
        if d:
            boosts[ms] = {z["zone"]: z["boost"] for z in d["zones"]}
    if len(boosts) == 6:
        check(boosts[10330]["Normal"] > 0 and boosts[10345]["Normal"] == 0, f"lesson 5: Normal's boost cleared within 20 ms ({boosts})")
        check(boosts[10420]["DMA32"] > 0 and boosts[10425]["DMA32"] == 0, f"lesson 5: DMA32's boost cleared within 20 ms ({boosts})")
        check(boosts[10500]["DMA"] > 0 and boosts[10510]["DMA"] == 0, f"lesson 5: DMA's boost lasts about 100 ms ({boosts})")
    r = run(["compare", path, "--policies", "vanilla,v3,v4,v10", "--seeds", "2", "--duration", "10s"])
    check(r.returncode == 0, f"lesson 5: the compare command its captions suggest works ({r.returncode}: {r.stderr.strip()[:200]})")


CLAIMS = {
    "01-watermarks.yaml": lesson1,
    "02-who-may-dip.yaml": lesson2,
    "03-boosting.yaml": lesson3,
    "04-network-burst.yaml": lesson4,
    "05-patch-series.yaml": lesson5,
}


def main():
    paths = sorted(glob.glob(os.path.join(LESSONS, "*.yaml")))
    check(len(paths) >= 5, f"at least five lessons in {LESSONS} (found {len(paths)})")
    for name in CLAIMS:
        check(os.path.join(LESSONS, name) in paths, f"lesson {name} exists")
    for path in paths:
        print("lesson", path)
        doc = generic(path)
        claim = CLAIMS.get(os.path.basename(path))
        if doc is not None and claim is not None:
            try:
                claim(path, doc)
            except (KeyError, TypeError) as e:
                check(False, f"{path}: unexpected JSON shape ({e!r})")
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all lesson checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
