#!/usr/bin/env python3
"""Check a generated log with an independent reader (Python's ElementTree).

    python3 bench/validate_generated.py FILE[.gz] --gpus N [--docs N]

Every document must parse; the document count must be N (if given); every document must have
N GPUs with distinct bus ids and <attached_gpus> = N; timestamps must advance by exactly 1 s;
fb used + free must stay constant per GPU; process pids must be integers. Prints a JSON report;
exit status 1 on the first failure.
"""
import argparse
import gzip
import json
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

TERMINATOR = b"</nvidia_smi_log>"


def fail(msg):
    print(json.dumps({"ok": False, "error": msg}))
    sys.exit(1)


def documents(path):
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        buf = b""
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            buf += chunk
            parts = buf.split(TERMINATOR)
            buf = parts.pop()
            yield from parts
    if buf.strip():
        fail(f"trailing bytes after the last document: {buf[:80]!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--gpus", type=int, required=True)
    ap.add_argument("--docs", type=int)
    a = ap.parse_args()
    prev = None
    n_docs = 0
    fb_sums = {}
    pids = set()
    busy = 0
    gpu_samples = 0
    for i, p in enumerate(documents(a.file)):
        n_docs += 1
        if not p.startswith(b"<?xml") and not p.lstrip(b"\r\n").startswith(b"<?xml"):
            fail(f"document {i} does not start with <?xml")
        try:
            root = ET.fromstring(p.lstrip() + TERMINATOR)
        except ET.ParseError as e:
            fail(f"document {i}: {e}")
        gpus = root.findall("gpu")
        if len(gpus) != a.gpus:
            fail(f"document {i}: {len(gpus)} GPUs, expected {a.gpus}")
        if root.findtext("attached_gpus") != str(a.gpus):
            fail(f"document {i}: attached_gpus {root.findtext('attached_gpus')}")
        ids = [g.get("id") for g in gpus]
        if len(set(ids)) != len(ids):
            fail(f"document {i}: duplicate GPU ids {ids}")
        t = datetime.strptime(root.findtext("timestamp"), "%a %b %d %H:%M:%S %Y")
        if prev is not None and t - prev != timedelta(seconds=1):
            fail(f"document {i}: timestamp {t} after {prev}")
        prev = t
        for g in gpus:
            gpu_samples += 1
            used = int(g.findtext("fb_memory_usage/used").split()[0])
            free = int(g.findtext("fb_memory_usage/free").split()[0])
            s = fb_sums.setdefault(g.get("id"), used + free)
            if s != used + free:
                fail(f"document {i} GPU {g.get('id')}: fb used+free {used + free} != {s}")
            if int(g.findtext("utilization/gpu_util").split()[0]) > 0:
                busy += 1
            for pid in g.iterfind("processes/process_info/pid"):
                pids.add(int(pid.text))
    if a.docs is not None and n_docs != a.docs:
        fail(f"{n_docs} documents, expected {a.docs}")
    print(json.dumps({"ok": True, "file": a.file, "documents": n_docs, "gpus": a.gpus,
                      "gpu_samples": gpu_samples, "busy_fraction": round(busy / max(gpu_samples, 1), 3),
                      "distinct_pids": len(pids)}))


if __name__ == "__main__":
    main()
