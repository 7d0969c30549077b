#!/usr/bin/env python3
"""Independent reading of nvidia-smi XML logs, for tests.

Written separately from the TypeScript reader, with Python's ElementTree and its own unit
parsing: documents are cut with a regex, each is parsed whole, and values are read by element
path. Prints JSON: {file: {"documents": [{"timestamp", "gpus": [{...}]}]}} for every path given
on the command line (.xml or .xml.gz).
"""
import gzip, json, re, sys
import xml.etree.ElementTree as ET

def num(el, path, unit=None):
    """The number in the element's text, or None when absent or not a number (N/A, ...)."""
    if el is None:
        return None
    node = el.find(path)
    if node is None or node.text is None:
        return None
    m = re.fullmatch(r'\s*([-+]?\d+(?:\.\d+)?)\s*([A-Za-z/%]*)\s*', node.text)
    if not m:
        return None
    if unit is not None and m.group(2) not in ('', unit):
        return None
    return float(m.group(1))

def text(el, path):
    node = el.find(path)
    if node is None or node.text is None:
        return None
    t = node.text.strip()
    return None if t in ('', 'N/A', 'None') or t.startswith('Requested functionality') else t

def first(*vals):
    for v in vals:
        if v is not None:
            return v
    return None

def flags(gpu):
    out = {}
    for parent, prefix in (('clocks_throttle_reasons', 'clocks_throttle_reason_'), ('clocks_event_reasons', 'clocks_event_reason_')):
        p = gpu.find(parent)
        if p is None:
            continue
        for child in p:
            if child.tag.startswith(prefix):
                t = (child.text or '').strip()
                out[child.tag[len(prefix):]] = 1 if t == 'Active' else 0 if t == 'Not Active' else None
    return out

def gpu_record(g):
    pstate = text(g, 'performance_state')
    procs = g.find('processes')
    plist = None  # no <processes> element, or <processes>N/A</processes>
    if procs is not None and (len(list(procs)) > 0 or (procs.text or '').strip() == ''):
        plist = [{'pid': num(p, 'pid'), 'name': text(p, 'process_name'), 'type': text(p, 'type'),
                  'usedMemoryMiB': num(p, 'used_memory', 'MiB')} for p in procs.findall('process_info')]
    return {
        'id': g.get('id'),
        'uuid': text(g, 'uuid'),
        'name': text(g, 'product_name'),
        'busId': text(g, 'pci/pci_bus_id'),
        'minorNumber': text(g, 'minor_number'),
        'powerW': first(num(g, 'power_readings/power_draw', 'W'), num(g, 'gpu_power_readings/power_draw', 'W'),
                        num(g, 'gpu_power_readings/average_power_draw', 'W'), num(g, 'power_readings/average_power_draw', 'W'),
                        num(g, 'gpu_power_readings/instant_power_draw', 'W'), num(g, 'power_readings/instant_power_draw', 'W')),
        'averagePowerDrawW': first(num(g, 'gpu_power_readings/average_power_draw', 'W'), num(g, 'power_readings/average_power_draw', 'W')),
        'instantPowerDrawW': first(num(g, 'gpu_power_readings/instant_power_draw', 'W'), num(g, 'power_readings/instant_power_draw', 'W')),
        'powerLimitW': first(num(g, 'power_readings/power_limit', 'W'), num(g, 'gpu_power_readings/current_power_limit', 'W'), num(g, 'gpu_power_readings/power_limit', 'W')),
        'performanceState': float(pstate[1:]) if pstate and re.fullmatch(r'P\d+', pstate) else None,
        'gpuUtilPct': num(g, 'utilization/gpu_util', '%'),
        'memoryUtilPct': num(g, 'utilization/memory_util', '%'),
        'fbTotalMiB': num(g, 'fb_memory_usage/total', 'MiB'),
        'fbUsedMiB': num(g, 'fb_memory_usage/used', 'MiB'),
        'fbFreeMiB': num(g, 'fb_memory_usage/free', 'MiB'),
        'bar1UsedMiB': num(g, 'bar1_memory_usage/used', 'MiB'),
        'gpuTempC': num(g, 'temperature/gpu_temp', 'C'),
        'memoryTempC': num(g, 'temperature/memory_temp', 'C'),
        'graphicsClockMHz': num(g, 'clocks/graphics_clock', 'MHz'),
        'smClockMHz': num(g, 'clocks/sm_clock', 'MHz'),
        'memClockMHz': num(g, 'clocks/mem_clock', 'MHz'),
        'fanPct': num(g, 'fan_speed', '%'),
        'pcieTxKBps': num(g, 'pci/tx_util', 'KB/s'),
        'pcieRxKBps': num(g, 'pci/rx_util', 'KB/s'),
        'pcieLinkGen': num(g, 'pci/pci_gpu_link_info/pcie_gen/current_link_gen'),
        'pcieLinkWidth': num(g, 'pci/pci_gpu_link_info/link_widths/current_link_width', 'x'),
        'flags': flags(g),
        'processes': plist,
    }

def read(path):
    raw = open(path, 'rb').read()
    if raw[:2] == b'\x1f\x8b':
        try:
            raw = gzip.decompress(raw)
        except Exception:
            d = gzip.GzipFile(fileobj=__import__('io').BytesIO(raw))
            raw = b''
            try:
                while True:
                    c = d.read(65536)
                    if not c:
                        break
                    raw += c
            except Exception:
                pass
    s = raw.decode('utf-8', 'replace')
    docs = []
    for m in re.finditer(r'<nvidia_smi_log>.*?</nvidia_smi_log>', s, re.S):
        try:
            root = ET.fromstring(m.group(0))
        except ET.ParseError:
            continue
        docs.append({'timestamp': text(root, 'timestamp'), 'driver': text(root, 'driver_version'),
                     'gpus': [gpu_record(g) for g in root.findall('gpu')]})
    return {'documents': docs}

if __name__ == '__main__':
    json.dump({p: read(p) for p in sys.argv[1:]}, sys.stdout)
