#!/usr/bin/env python3
"""bench/report.py: turns bench/compare's results.tsv into the table of medians and min/max, the ratios ours/peer
and the multiples of the floor; with json=1 the last line printed is one JSON object with all of it.

Usage (by bench/compare): report.py RESULTS.tsv JSON FORMAT RUNS ELAPSED JAVA_OPTS SKIPS NPROC UPTIME SETUP
"""
import json
import statistics
import sys

res, want_json, fmt, runs, elapsed, java_opts, skips, nproc, uptime, setup = sys.argv[1:11]
skipped = dict(line.split("=", 1) for line in skips.splitlines() if "=" in line)

rows = {}      # (image, group, tool) -> list of (wall, cpu, rss_mb)
failed = {}    # (image, group, tool) -> failures
images = []
for line in open(res):
    img, group, tool, run, rc, *m = line.rstrip("\n").split("\t")
    if img not in images:
        images.append(img)
    key = (img, group, tool)
    if rc != "0" or len(m) < 4:
        failed[key] = failed.get(key, 0) + 1
        continue
    wall, user, sys_, rss = float(m[0]), float(m[1]), float(m[2]), int(m[3])
    rows.setdefault(key, []).append((wall, user + sys_, rss / 1024.0))


def stats(key):
    v = rows.get(key)
    if not v:
        return None
    w = [x[0] for x in v]
    return {"runs": len(v), "wall_median_s": round(statistics.median(w), 3), "wall_min_s": min(w),
            "wall_max_s": max(w), "cpu_median_s": round(statistics.median(x[1] for x in v), 3),
            "rss_median_mb": round(statistics.median(x[2] for x in v), 1),
            "failed_runs": failed.get(key, 0)}


# ratio name -> (our case, peer case, peer name for the reason when absent)
RATIOS = {
    "pull_unpack_vs_skopeo_umoci": (("pull_unpack", "xc"), ("pull_unpack", "skopeo+umoci"), "skopeo+umoci"),
    "pull_unpack_vs_podman": (("pull_unpack", "xc"), ("pull_unpack", "podman"), "podman"),
    "unpack_vs_tar_floor": (("unpack", "xc"), ("floor", "zcat_tar"), "zcat|tar -x"),
    "unpack_vs_umoci": (("unpack", "xc"), ("unpack", "umoci"), "umoci"),
    "push_vs_skopeo": (("push", "xc"), ("push", "skopeo"), "skopeo"),
    "sha256_vs_sha256sum": (("sha256", "xc"), ("sha256", "sha256sum"), "sha256sum"),
}
# unpack_vs_umoci: at least 1.5x faster than umoci unpack, i.e. at most 1/1.5 of its time
TARGETS = {"pull_unpack_vs_skopeo_umoci": 0.6, "pull_unpack_vs_podman": 0.8, "unpack_vs_tar_floor": 1.3,
           "unpack_vs_umoci": 0.667, "push_vs_skopeo": 0.7}
# ours as a multiple of the physical floor of the same work
FLOORS = {
    "pull_unpack_vs_zcat_tar": (("pull_unpack", "xc"), ("floor", "zcat_tar")),
    "unpack_vs_zcat_tar": (("unpack", "xc"), ("floor", "zcat_tar")),
    "unpack_vs_tar_x": (("unpack", "xc"), ("floor", "tar_x")),
    "push_vs_cat_sha256sum": (("push", "xc"), ("floor", "cat_sha256sum")),
    "sha256_vs_cat_sha256sum": (("sha256", "xc"), ("floor", "cat_sha256sum")),
}


def ratio(img, ours, peer):
    a, b = stats((img,) + ours), stats((img,) + peer)
    if a is None or b is None or b["wall_median_s"] == 0:
        return None
    return round(a["wall_median_s"] / b["wall_median_s"], 3)


def why_absent(img, ours, peer, name):
    for k, v in skipped.items():
        if k in name:
            return v
    if stats((img,) + ours) is None:
        return f"xc's {ours[0]} case failed in every run (see the log above)"
    return f"{name} failed in every run (see the log above)"


out = []
ORDER = [("pull_unpack", ["xc", "skopeo+umoci", "podman"]), ("unpack", ["xc", "umoci"]),
         ("push", ["xc", "skopeo"]), ("sha256", ["xc", "sha256sum"]),
         ("floor", ["zcat_tar", "tar_x", "cat_sha256sum"]), ("jvm", ["xc_version", "harness_noop"])]
print(f"bench/compare: {runs} run(s) per case, layers {'zstd' if fmt == 'oci-zstd' else 'gzip'}, "
      f"{nproc} CPUs, {elapsed} s in all")
print(f"set-up: {setup}")
print(f"load while measuring: {uptime.strip()}")
all_ratios, all_floors, cases, absent = {}, {}, [], {}
for img in images:
    print()
    print(f"== {img}")
    print(f"{'case':<13}{'tool':<15}{'wall median':>12}{'min':>8}{'max':>8}{'cpu median':>12}{'peak RSS':>11}")
    for group, tools in ORDER:
        for tool in tools:
            s = stats((img, group, tool))
            if s is None:
                why = skipped.get(tool.split("+")[0]) or skipped.get(tool.split("+")[-1]) or (
                    f"failed {failed.get((img, group, tool))} of {runs} runs" if (img, group, tool) in failed
                    else None)
                if why:
                    print(f"{group:<13}{tool:<15}  not measured: {why}")
                continue
            cases.append(dict(image=img, case=group, tool=tool, **s))
            print(f"{group:<13}{tool:<15}{s['wall_median_s']:>11.2f}s{s['wall_min_s']:>7.2f}s{s['wall_max_s']:>7.2f}s"
                  f"{s['cpu_median_s']:>11.2f}s{s['rss_median_mb']:>8.0f} MB"
                  + (f"  ({s['failed_runs']} failed)" if s["failed_runs"] else ""))
    r, a = {}, {}
    print(f"-- ratios of medians, ours/peer (wall time; target in brackets)")
    for name, (ours, peer, pname) in RATIOS.items():
        v = ratio(img, ours, peer)
        if v is None:
            a[name] = why_absent(img, ours, peer, pname)
            print(f"   {name:<30} absent: {a[name]}")
        else:
            r[name] = v
            t = TARGETS.get(name)
            verdict = "" if t is None else (f"  [<= {t}: met]" if v <= t else f"  [<= {t}: MISSED]")
            faster = f" ({1 / v:.2f}x faster)" if v > 0 and name == "unpack_vs_umoci" else ""
            print(f"   {name:<30} {v:>6.2f}{faster}{verdict}")
    f = {}
    print(f"-- ours as a multiple of the physical floor")
    for name, (ours, peer) in FLOORS.items():
        v = ratio(img, ours, peer)
        if v is not None:
            f[name] = v
            print(f"   {name:<30} {v:>6.2f}x")
    jv, jh = stats((img, "jvm", "xc_version")), stats((img, "jvm", "harness_noop"))
    if jv and jh:
        print(f"-- JVM start-up included above: xc --version {jv['wall_median_s']:.2f}s, "
              f"harness noop {jh['wall_median_s']:.2f}s")
    all_ratios[img], all_floors[img], absent[img] = r, f, a

if want_json == "1":
    first = images[0] if images else None
    doc = {
        "runs": int(runs), "compression": "zstd" if fmt == "oci-zstd" else "gzip", "cpus": int(nproc),
        "java_opts": java_opts, "setup": setup, "elapsed_s": int(elapsed), "load": uptime.strip(),
        "ratios_image": first,
        "ratios": all_ratios.get(first, {}),
        "ratios_absent": absent.get(first, {}),
        "targets": TARGETS,
        "floors": all_floors.get(first, {}),
        "by_image": {img: {"ratios": all_ratios[img], "floors": all_floors[img], "absent": absent[img]}
                     for img in images},
        "cases": cases,
    }
    print(json.dumps(doc, separators=(",", ":")))
