"""Benchmark: how long the checks a user waits for take — the timing goals that tests no longer assert.

    .venv/bin/python benchmarks/check_speed.py [REPEATS=3]

First it warms the cache as a sweep's own check does (`load_study` of each shipped study: the model conversion and
the calibration streams' token counts, each computed once per model), then prints, each as the median of REPEATS
fresh processes (a user's process is fresh too):
- the import of `llm_prune_nb.study` (the part of every check that does not depend on the study);
- `llm-prune sweep STUDY --dry-run` of every shipped study (goal: under 5 s for `cpu_methods` on a warm machine),
  and whether it imported torch (goal: no, for every study whose models are on this machine);
- how fast a model without local weights fails (`load_model('Qwen')`: it must not retry the network).
Tests assert what these commands do, never how long they take: a busy machine makes any time limit a coin flip.
Check `uptime` first: the figures are only as quiet as the machine. Run from the repository root.
"""
import os, statistics, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# `llm-prune ARGS`, saying on its last stderr line whether torch was imported
CLI = ('import sys\nfrom llm_prune_nb.cli import main\nrc = main(sys.argv[1:])\n'
       'print("torch loaded" if "torch" in sys.modules else "no torch", file=sys.stderr)\nsys.exit(rc)')

def timed(cmd:list, repeats:int) -> tuple[float, int, str]:
    "Median wall seconds of `cmd` in fresh processes, its last exit status and last stderr line."
    times, rc, last = [], 0, ''
    for _ in range(repeats):
        t = time.perf_counter()
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        rc, last = r.returncode, (r.stderr.strip().splitlines() or [''])[-1]
    return statistics.median(times), rc, last

def main(repeats:int=3):
    print(f'load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; median of {repeats} fresh processes')
    py = str(BIN/'python')
    for f in sorted((ROOT/'studies').glob('*.yaml')):     # warm: what a sweep's check writes once, per model
        subprocess.run([py, '-c', f'from llm_prune_nb.study import load_study\ntry: load_study({str(f)!r})\n'
                                  'except ValueError: pass'], cwd=ROOT, capture_output=True)
    rows = [('import llm_prune_nb.study', [py, '-c', 'import llm_prune_nb.study'])]
    rows += [(f'dry-run {f.stem}', [py, '-c', CLI, 'sweep', str(f), '--dry-run'] +
              (['--root', '/nonexistent-root'] if f.stem == 'seed_study' else []))
             for f in sorted((ROOT/'studies').glob('*.yaml'))]
    rows += [("load_model('Qwen') fails", [py, '-c', "from llm_prune_nb.models import load_model\ntry: "
                                                    "load_model('Qwen')\nexcept FileNotFoundError: pass"])]
    for name, cmd in rows:
        s, rc, last = timed(cmd, repeats)
        torch = f'  {last}' if name.startswith('dry-run') and rc == 0 else ''
        print(f'{name:32s} {s:6.2f} s{torch}' + ('' if rc == 0 else f'  (exit {rc}: the study cannot run '
                                                                     'here, e.g. weights that are not on '
                                                                     'this machine)'))

if __name__ == '__main__': main(*map(int, sys.argv[1:]))
