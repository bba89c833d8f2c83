"""Benchmark: how many calibration windows `blockwise`'s ΔL needs before the units it prunes stop changing.

    .venv/bin/python benchmarks/blockwise_stability.py [MAX_WINDOWS=64]

On SmolLM2 at 20% (basis total): one Taylor gradient pass over 32 windows of 64 tokens (the run default), and one ΔL
table over MAX_WINDOWS windows that keeps each window's ΔL; the ΔL of the first n windows (n = 8, 16, 32, ...) is
the mean of their per-window values, with its standard error. For each n it prunes with `blockwise` and prints the
agreement with the MAX_WINDOWS prune — the share of the pruned parameters the two have in common (shared pruned
cost / pruned cost) — the attention blocks it empties, and the ΔL values within two standard errors of zero. The
smallest n that agrees at least 95% is the one to use as `delta_num_samples`.
"""
import math, os, sys, time
import numpy as np
import pandas as pd

def main(max_windows:int=64):
    from llm_prune_nb.data import calibration_windows
    from llm_prune_nb.importance import DELTA_KINDS, decoder_layers, delta_losses, taylor_importance
    from llm_prune_nb.methods import allocate, score_units
    from llm_prune_nb.models import load_model
    from llm_prune_nb.prune import pruning_budget
    print(f'uptime: {os.getloadavg()}')
    model, tok = load_model('SmolLM2')
    w = calibration_windows(tok, 64, max(32, max_windows), seed=0)
    t0 = time.time()
    units = taylor_importance(model, w[:32], snapshots=[32], progress=False).at(32)
    dl = delta_losses(model, w[:max_windows], per_window=True, progress=False)
    print(f'gradient pass + ΔL over {max_windows} windows: {time.time() - t0:.0f}s')
    per, budget = dl.attrs['per_window'], pruning_budget(model, 'blockwise', 0.2, 'total')
    ns = [n for n in (8, 16, 32, 64, 128) if n <= max_windows]
    pruned, rows = {}, []
    for n in ns:
        d = per[:, :n]
        table = dl[['layer', 'kind']].assign(delta=d.mean(1), se=d.std(1, ddof=1) / math.sqrt(n))
        u = allocate(score_units(model, 'blockwise', importance=units, deltas=table), 'blockwise', budget)
        pruned[n] = u
        attn = u[u.kind == 'attn'].groupby('layer').pruned.all()
        noisy = table[table.kind != 'layer']
        rows.append(dict(windows=n, attn_emptied=int(attn.sum()),
                         zero_within_noise=int((noisy.delta.abs() < 2 * noisy.se).sum())))
    ref = pruned[ns[-1]]
    for r in rows:
        u = pruned[r['windows']]
        both = (u.pruned & ref.pruned).to_numpy()
        r['agreement'] = float(u.cost[both].sum() / ref.cost[ref.pruned].sum())
    out = pd.DataFrame(rows)
    print(out.to_string(index=False, float_format=lambda v: f'{v:.3f}'))
    ok = out[out.agreement >= 0.95]
    print(f'smallest delta_num_samples agreeing >= 95% with {ns[-1]}: {int(ok.windows.min()) if len(ok) else None}')
    print(f'uptime after: {os.getloadavg()}')

if __name__ == '__main__':
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 64)
