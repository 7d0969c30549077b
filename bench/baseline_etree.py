#!/usr/bin/env python3
"""Notebook baseline: summarise an `nvidia-smi -l 1 -q -x -f FILE` log with the standard library.

What a competent notebook user writes: read the file (or .gz) in chunks, split on
`</nvidia_smi_log>`, parse each document with xml.etree.ElementTree, pull the metrics out with
findtext, and print per-GPU figures as JSON. Memory stays bounded (one document at a time).

    python3 bench/baseline_etree.py FILE[.gz]

The metrics are those of `mc2-telemetry summarize`: power draw (power_draw where the driver
reports it, else average_power_draw, else instant_power_draw), GPU and memory utilisation, fb used,
GPU temperature, PCIe tx/rx, and the process ids under <processes>.
"""
import gzip
import json
import sys
import xml.etree.ElementTree as ET
from datetime import datetime

TERMINATOR = b"</nvidia_smi_log>"
CHUNK = 1 << 20


def number(text):
    """'123.45 W' -> 123.45; None for N/A, missing or non-numeric values."""
    if text is None:
        return None
    head = text.split(" ", 1)[0]
    try:
        return float(head)
    except ValueError:
        return None


def documents(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        buf = b""
        while True:
            chunk = f.read(CHUNK)
            if not chunk:
                break
            buf += chunk
            parts = buf.split(TERMINATOR)
            buf = parts.pop()
            for p in parts:
                yield p.lstrip() + TERMINATOR
        # a trailing partial document (nvidia-smi killed mid-write) is dropped


class Acc:
    """Running count / sum / max of one metric."""

    __slots__ = ("n", "total", "max")

    def __init__(self):
        self.n = 0
        self.total = 0.0
        self.max = None

    def add(self, v):
        if v is None:
            return
        self.n += 1
        self.total += v
        if self.max is None or v > self.max:
            self.max = v

    def out(self):
        return {"mean": round(self.total / self.n, 4) if self.n else None, "max": self.max, "n": self.n}


METRICS = ("power_w", "gpu_util_pct", "memory_util_pct", "fb_used_mib", "gpu_temp_c", "tx_kbps", "rx_kbps")


def main(path):
    gpus = {}
    n_docs = 0
    first_ts = last_ts = None
    for doc in documents(path):
        root = ET.fromstring(doc)
        n_docs += 1
        ts = root.findtext("timestamp")
        t = datetime.strptime(ts, "%a %b %d %H:%M:%S %Y") if ts else None
        if first_ts is None:
            first_ts = t
        last_ts = t
        for gpu in root.findall("gpu"):
            bus = gpu.get("id")
            g = gpus.get(bus)
            if g is None:
                g = gpus[bus] = {"samples": 0, "busy_samples": 0, "pids": set(), **{m: Acc() for m in METRICS}}
            g["samples"] += 1
            power = number(gpu.findtext("power_readings/power_draw"))
            if power is None:
                power = number(gpu.findtext("gpu_power_readings/average_power_draw"))
            if power is None:
                power = number(gpu.findtext("gpu_power_readings/instant_power_draw"))
            g["power_w"].add(power)
            util = number(gpu.findtext("utilization/gpu_util"))
            g["gpu_util_pct"].add(util)
            if util:
                g["busy_samples"] += 1
            g["memory_util_pct"].add(number(gpu.findtext("utilization/memory_util")))
            g["fb_used_mib"].add(number(gpu.findtext("fb_memory_usage/used")))
            g["gpu_temp_c"].add(number(gpu.findtext("temperature/gpu_temp")))
            g["tx_kbps"].add(number(gpu.findtext("pci/tx_util")))
            g["rx_kbps"].add(number(gpu.findtext("pci/rx_util")))
            for pid in gpu.iterfind("processes/process_info/pid"):
                g["pids"].add(int(pid.text))
    out = {
        "file": path,
        "documents": n_docs,
        "first_timestamp": first_ts.isoformat() if first_ts else None,
        "last_timestamp": last_ts.isoformat() if last_ts else None,
        "gpus": {
            bus: {
                "samples": g["samples"],
                "busy_samples": g["busy_samples"],
                "distinct_pids": len(g["pids"]),
                **{m: g[m].out() for m in METRICS},
            }
            for bus, g in gpus.items()
        },
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: baseline_etree.py FILE[.gz]")
    main(sys.argv[1])
