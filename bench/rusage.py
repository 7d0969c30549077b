#!/usr/bin/env python3
"""Fallback for `/usr/bin/time -f %M`: run a command, print its peak RSS (KiB) to a file.

    python3 bench/rusage.py OUTFILE CMD [ARGS...]

The child's stdio is inherited. OUTFILE gets one line: max RSS of the child in KiB
(getrusage(RUSAGE_CHILDREN).ru_maxrss, KiB on Linux). Exit status is the child's.
"""
import resource
import subprocess
import sys

if len(sys.argv) < 3:
    sys.exit("usage: rusage.py OUTFILE CMD [ARGS...]")
rc = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write(f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\n")
sys.exit(rc if rc >= 0 else 128 - rc)
