#!/usr/bin/env python3
"""Joins GpuBenchmark's CSV (op,shape,facet_ms,flop,bytes) with torch_bench.py's (op,shape,torch_ms)
and prints one table: op, shape, Facet ms, PyTorch ms, ratio (Facet / PyTorch, above 1 = slower),
and Facet's achieved GFLOP/s (or GB/s for rows that count bytes instead of flops).
Lines starting with '#' (device names, skip reasons) are printed above the table.
usage: table.py facet.csv torch.csv
"""
import csv
import sys


def read(path):
    notes, rows = [], []
    with open(path) as f:
        lines = [l for l in f if l.strip()]
    notes = [l.strip() for l in lines if l.startswith("#")]
    data = [l for l in lines if not l.startswith("#")]
    rows = list(csv.DictReader(data)) if data else []
    return notes, rows


def table(facet_path, torch_path):
    fnotes, frows = read(facet_path)
    tnotes, trows = read(torch_path)
    torch_ms = {(r["op"], r["shape"]): float(r["torch_ms"]) for r in trows}
    out = [f"facet {n[1:].strip()}" for n in fnotes] + [f"torch {n[1:].strip()}" for n in tnotes]
    head = ("op", "shape", "Facet ms", "PyTorch ms", "ratio", "Facet rate")
    body = []
    for r in frows:
        ms = float(r["facet_ms"])
        t = torch_ms.get((r["op"], r["shape"]))
        flop, nbytes = float(r["flop"]), float(r["bytes"])
        rate = f"{flop / ms / 1e6:.1f} GFLOP/s" if flop > 0 else f"{nbytes / ms / 1e6:.1f} GB/s" if nbytes > 0 else "-"
        body.append((r["op"], r["shape"], f"{ms:.3f}", "-" if t is None else f"{t:.3f}",
                     "-" if t is None or t == 0 else f"{ms / t:.2f}", rate))
    if not body:
        out.append("no Facet timings (see the notes above)")
        return "\n".join(out)
    widths = [max(len(x[i]) for x in [head] + body) for i in range(len(head))]
    fmt = lambda cells: "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    out += [fmt(head), fmt(["-" * w for w in widths])] + [fmt(b) for b in body]
    return "\n".join(out)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(table(sys.argv[1], sys.argv[2]))
