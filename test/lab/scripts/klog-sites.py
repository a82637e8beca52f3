#!/usr/bin/env python3
"""Which upstream klog call sites that kubeadm-ts reproduces move between two releases.

kubeadm-ts prints klog headers with upstream's `file.go:N` (e.g. `log.warn(m, "utils.go:69")`), so a
version bump must move every site whose line moved upstream. For each `"<file>.go:<N>"` string in
src/, this finds the files of that name in k8s.io/kubernetes/cmd/kubeadm and in the staging modules
(k8s.io/cri-client, component-base, ...) of OLD, maps line N to NEW's copy of the file (difflib)
and prints the sites whose line moved, changed or went away, with the src/ files that use them.

Usage: test/lab/scripts/klog-sites.py v1.36.3 v1.37.2
Needs both releases' sources in the lab's module cache (GOMODCACHE_LAB, default
~/.cache/kubeadm-ts/go/mod): `upstream-kubeadm.sh <version>` or `npm run lab:build` fetch them.
A name shared by several files gives one status per file whose line N is (or continues) a klog or
logger call; sites with no such file are listed as suspect: they may already be wrong for OLD.
Always exits 0 (a report).
"""
import difflib
import os
import re
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
MODCACHE = os.environ.get("GOMODCACHE_LAB", os.path.expanduser("~/.cache/kubeadm-ts/go/mod"))


def staging_dirs(version):
    """k8s.io/kubernetes@version/cmd/kubeadm and the published staging modules it replaces."""
    root = os.path.join(MODCACHE, "k8s.io", f"kubernetes@{version}")
    if not os.path.isdir(root):
        sys.exit(f"klog-sites: {root} is missing: run test/lab/scripts/upstream-kubeadm.sh {version}")
    dirs = {"kubernetes/cmd/kubeadm": os.path.join(root, "cmd", "kubeadm")}
    gomod = open(os.path.join(root, "go.mod")).read()
    block = re.search(r"^replace \((.*?)^\)", gomod, re.S | re.M)
    staging = "v0." + version[len("v1."):]
    for mod in re.findall(r"^\s*(k8s\.io/\S+)\s+=>\s+\./staging/", block.group(1) if block else "", re.M):
        d = os.path.join(MODCACHE, f"{mod}@{staging}")
        if os.path.isdir(d):
            dirs[mod[len("k8s.io/"):]] = d
    return dirs


def go_files(dirs):
    out = {}
    for key, d in dirs.items():
        for dp, _, fns in os.walk(d):
            for fn in fns:
                if fn.endswith(".go") and not fn.endswith("_test.go"):
                    rel = os.path.join(key, os.path.relpath(os.path.join(dp, fn), d))
                    out.setdefault(fn, []).append((rel, os.path.join(dp, fn)))
    return out


def read(path):
    with open(path, errors="replace") as f:
        return f.read().split("\n")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    old, new = sys.argv[1], sys.argv[2]
    uses = {}
    for dp, _, fns in os.walk(os.path.join(REPO, "src")):
        for fn in fns:
            if fn.endswith(".ts"):
                p = os.path.join(dp, fn)
                for site in set(re.findall(r'"([a-z0-9_]+\.go:[1-9][0-9]*)"', open(p).read())):
                    uses.setdefault(site, set()).add(os.path.relpath(p, REPO))
    old_files, new_root = go_files(staging_dirs(old)), staging_dirs(new)
    moved = 0
    suspect = []
    for site in sorted(uses, key=lambda s: (s.split(":")[0], int(s.split(":")[1]))):
        name, n = site.split(":")
        n = int(n)
        results = []
        for rel, path in old_files.get(name, []):
            a = read(path)
            if n > len(a):
                continue
            # a log call on that line, or a multi-line one starting up to 3 lines above
            klog = any(re.search(r"\b(klog|logger)\.", a[i]) for i in range(max(0, n - 4), n))
            key = next((k for k in new_root if rel.startswith(k + "/")), None)
            if key is None:
                continue  # a module NEW does not use (not fetched)
            npath = os.path.join(new_root[key], rel[len(key) + 1:])
            if not os.path.exists(npath):
                results.append((rel, klog, "file removed"))
                continue
            b = read(npath)
            if a == b:
                results.append((rel, klog, "same"))
                continue
            to = None
            for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                if tag == "equal" and i1 <= n - 1 < i2:
                    to = j1 + (n - 1 - i1) + 1
            results.append((rel, klog, "same" if to == n else f"moved to {name}:{to}" if to else "line changed"))
        relevant = [r for r in results if r[1]]
        if not relevant:
            suspect.append(site)
            continue
        if all(st == "same" for _, _, st in relevant):
            continue
        moved += 1
        print(f"- `{site}` (used by {', '.join(sorted(uses[site]))}):")
        for rel, _, st in relevant:
            print(f"  - {rel}: {st}")
    print(f"{moved} of {len(uses)} sites moved or changed between {old} and {new}.")
    if suspect:
        listed = ", ".join("`%s` (%s)" % (x, ", ".join(sorted(uses[x]))) for x in suspect)
        print(f"No klog/logger call at (or just above) these lines in {old}: check them against upstream {old}'s"
              f" output first: {listed}.")


if __name__ == "__main__":
    main()
