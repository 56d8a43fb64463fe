#!/usr/bin/python3
"""Writes docs/PERFORMANCE.md from the JSON lines of bench/compare.sh: per workload the median seconds per iteration
of each side (median over rounds of each run's median), the Pulmo/PyTorch throughput ratio, and the machine."""
import datetime
import json
import platform
import statistics
import subprocess
import sys


def cpu():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    except OSError:
        return platform.processor(), ""
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    model = fields.get("Model name", "").strip()
    flags = fields.get("Flags", "").split()
    simd = " ".join(f for f in flags if f in ("avx", "avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "amx_tile"))
    return f"{model}, {fields.get('CPU(s)', '?').strip()} CPUs", simd


def main(src, dst):
    rows = [json.loads(line) for line in open(src) if line.strip().startswith("{")]
    runs = {}
    for r in rows:
        key = (r["model"], r["mode"], r["batch"], r["size"])
        runs.setdefault(key, {}).setdefault(r.get("impl", "pytorch"), []).append(r)
    name, simd = cpu()
    threads = sorted({r["threads"] for r in rows})
    torch_v = next((r.get("torch") for r in rows if r.get("torch")), "?")
    backend = next((r.get("backend") for r in rows if r.get("impl") == "pulmo"), "?")
    lines = [
        "# Performance: Pulmo against PyTorch on this CPU",
        "",
        f"Measured {datetime.date.today().isoformat()} by `bench/compare.sh` (both sides alternately in one run, "
        f"{max(r.get('round', 1) for r in rows)} round(s), {rows[0].get('iters')} timed iterations after "
        f"{rows[0].get('warmup')} warm-up ones, random data, float32, SGD momentum 0.9). Ratio = Pulmo throughput / "
        "PyTorch throughput from the medians of seconds per iteration: above 1.0 Pulmo is faster.",
        "",
        f"- Machine: {name}; SIMD flags: {simd or 'n/a'}; threads: {', '.join(map(str, threads))} on both sides "
        "(`OMP_NUM_THREADS` / `torch.set_num_threads`).",
        f"- Pulmo: {backend}. PyTorch {torch_v} (Debian's python3-torch).",
        "",
        "| workload | mode | batch | size | Pulmo s/iter (median) | PyTorch s/iter (median) | ratio |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for (model, mode, batch, size), sides in runs.items():
        p = [r["sec_per_iter_median"] for r in sides.get("pulmo", [])]
        t = [r["sec_per_iter_median"] for r in sides.get("pytorch", [])]
        ps = statistics.median(p) if p else None
        ts = statistics.median(t) if t else None
        ratio = f"**{ts / ps:.2f}×**" if ps and ts else "–"
        fmt = lambda v: f"{v:.3f}" if v is not None else "–"
        lines.append(f"| {model} | {mode} | {batch} | {size} | {fmt(ps)} | {fmt(ts)} | {ratio} |")
    lines.append("")
    with open(dst, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
