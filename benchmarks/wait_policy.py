"""Benchmark: does `OMP_WAIT_POLICY=PASSIVE` help a run's kernels on a shared machine?

    .venv/bin/python benchmarks/wait_policy.py [ROUNDS=3]

Torch's OpenMP threads busy-wait between parallel regions by default; when another job holds a core, a spinning
thread steals the time its sibling needs. This times a fixed piece of a run — SmolLM2 forward passes on 16 × 128
tokens with torch's default threads, in a fresh process — with the wait policy unset and PASSIVE, interleaved
(the order alternates), once on a quiet machine and once next to a competing busy process on one core. It prints
the median seconds of each and the ratio PASSIVE / default. Check `uptime` first: nothing else should run.
"""
import os, statistics, subprocess, sys, time

WORK = '''
import time, torch
from llm_prune_nb.models import load_model
m, tok = load_model('SmolLM2')
x = torch.randint(0, 1000, (16, 128))
with torch.no_grad():
    m(x[:2])
    t = time.perf_counter()
    for i in range(0, 16, 4): m(x[i:i + 4])
print(time.perf_counter() - t)
'''

def once(policy:str|None) -> float:
    env = {k: v for k, v in os.environ.items() if k != 'OMP_WAIT_POLICY'} | ({'OMP_WAIT_POLICY': policy} if policy else {})
    out = subprocess.run([sys.executable, '-c', WORK], env=env, capture_output=True, text=True, check=True).stdout
    return float(out.strip().splitlines()[-1])

def main(rounds:int=3):
    print(f'load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores')
    for label in ('quiet', 'one core busy'):
        hog = subprocess.Popen([sys.executable, '-c', 'while True: pass']) if label != 'quiet' else None
        try:
            t = {None: [], 'PASSIVE': []}
            for r in range(rounds):
                for p in ((None, 'PASSIVE') if r % 2 == 0 else ('PASSIVE', None)): t[p].append(once(p))
        finally:
            if hog: hog.kill()
        d, p = statistics.median(t[None]), statistics.median(t['PASSIVE'])
        print(f'{label:14s} default {d:6.2f} s   PASSIVE {p:6.2f} s   PASSIVE/default {p / d:.2f}')

if __name__ == '__main__': main(*map(int, sys.argv[1:]))
