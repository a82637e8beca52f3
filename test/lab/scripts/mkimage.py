#!/usr/bin/env python3
"""Assembles a docker-archive image tarball (what `ctr images import` reads) from layer tars.

usage: mkimage.py OUT.tar REF --layer L1.tar [--layer L2.tar ...] [--entrypoint JSON] [--cmd JSON]
                  [--env K=V ...] [--workdir DIR]
Layers are uncompressed tars; their sha256 is the diff_id. Output is deterministic.
"""
import argparse, hashlib, io, json, os, tarfile

p = argparse.ArgumentParser()
p.add_argument("out"); p.add_argument("ref")
p.add_argument("--layer", action="append", default=[])
p.add_argument("--entrypoint"); p.add_argument("--cmd")
p.add_argument("--env", action="append", default=[])
p.add_argument("--workdir", default="/")
a = p.parse_args()

def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()

diff_ids = [sha256(l) for l in a.layer]
cfg = {"Env": a.env or ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "WorkingDir": a.workdir}
if a.entrypoint: cfg["Entrypoint"] = json.loads(a.entrypoint)
if a.cmd: cfg["Cmd"] = json.loads(a.cmd)
config = {
    "architecture": "amd64", "os": "linux", "created": "1970-01-01T00:00:00Z", "config": cfg,
    "rootfs": {"type": "layers", "diff_ids": ["sha256:" + d for d in diff_ids]},
    "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "kubeadm-ts lab mkimage.py"} for _ in diff_ids],
}
config_bytes = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
manifest = [{"Config": config_name, "RepoTags": [a.ref], "Layers": [d + "/layer.tar" for d in diff_ids]}]

tmp = a.out + ".tmp"
with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as t:
    def add_bytes(name, data):
        ti = tarfile.TarInfo(name); ti.size = len(data); ti.mtime = 0; ti.mode = 0o644
        t.addfile(ti, io.BytesIO(data))
    add_bytes(config_name, config_bytes)
    seen = set()
    for d, l in zip(diff_ids, a.layer):
        if d in seen: continue
        seen.add(d)
        ti = t.gettarinfo(l, d + "/layer.tar"); ti.mtime = 0; ti.uid = ti.gid = 0; ti.uname = ti.gname = ""; ti.mode = 0o644
        with open(l, "rb") as f: t.addfile(ti, f)
    add_bytes("manifest.json", json.dumps(manifest).encode())
os.replace(tmp, a.out)
