#!/usr/bin/env python3
"""Independent statistics of a single-GPU nvidia-smi log, straight from the raw XML text with
regular expressions (no XML parser), for tests. Prints JSON.

Definitions (the documented ones, docs/metrics.md):
- quantile p of n sorted values: linear interpolation at 0-based position (n-1)*p (numpy's
  default, R type 7);
- power = average_power_draw on 570+ drivers (power_draw where present);
- time: 1-s timestamps; k documents sharing a second are spread at s + i/k;
- energy: trapezoids over consecutive samples, skipping steps longer than the gap threshold
  max(1.5*m, m + min(1, m)) where m is the median positive step.
"""
import gzip, json, math, re, sys, datetime, statistics

path = sys.argv[1]
raw = open(path, 'rb').read()
if raw[:2] == b'\x1f\x8b':
    raw = gzip.decompress(raw)
text = raw.decode('utf-8', 'replace')
docs = re.findall(r'<nvidia_smi_log>.*?</nvidia_smi_log>', text, re.S)

def q(sorted_vals, p):
    pos = (len(sorted_vals) - 1) * p
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_vals) - 1)
    return sorted_vals[lo] + (pos - lo) * (sorted_vals[hi] - sorted_vals[lo])

secs, power, util, pids = [], [], [], set()
for d in docs:
    ts = re.search(r'<timestamp>(.*?)</timestamp>', d).group(1)
    secs.append(datetime.datetime.strptime(' '.join(ts.split()), '%a %b %d %H:%M:%S %Y').replace(tzinfo=datetime.timezone.utc).timestamp())
    m = re.search(r'<gpu_power_readings>.*?<power_draw>([\d.]+) W</power_draw>', d, re.S) or \
        re.search(r'<gpu_power_readings>.*?<average_power_draw>([\d.]+) W</average_power_draw>', d, re.S)
    power.append(float(m.group(1)) if m else float('nan'))
    u = re.search(r'<gpu_util>(\d+) %</gpu_util>', d)
    util.append(float(u.group(1)) if u else float('nan'))
    pids.update(re.findall(r'<pid>(\d+)</pid>', d))

# spread documents sharing a second
times, i = [], 0
while i < len(secs):
    j = i
    while j < len(secs) and secs[j] == secs[i]:
        j += 1
    times += [secs[i] + k / (j - i) for k in range(j - i)]
    i = j
steps = [b - a for a, b in zip(times, times[1:]) if b - a > 0]
m = statistics.median(steps)
th = max(1.5 * m, m + min(1.0, m))
energy = sum((p0 + p1) / 2 * (t1 - t0) for (t0, p0), (t1, p1) in zip(zip(times, power), zip(times[1:], power[1:])) if 0 < t1 - t0 <= th)
sp = sorted(power)
print(json.dumps({
    'documents': len(docs), 'gpus': len(re.findall(r'<gpu id=', docs[0])),
    'name': re.search(r'<product_name>(.*?)</product_name>', docs[0]).group(1),
    'powerMean': sum(power) / len(power), 'powerP50': q(sp, 0.5), 'powerP95': q(sp, 0.95), 'powerMax': max(power), 'powerMin': min(power),
    'utilMean': sum(util) / len(util), 'wholeLogEnergyJ': energy, 'durationS': times[-1] - times[0],
    'intervalS': statistics.mean([s for s in steps if s <= th]), 'distinctPids': len(pids),
}))
