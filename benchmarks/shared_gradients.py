"""Benchmark: gradient passes and wall time of a study's pruning step, with and without the shared cache.

    .venv/bin/python benchmarks/shared_gradients.py [studies/cpu_smollm2.yaml]

For every pruned cell of the study it does what `run.ipynb` does before evaluation — calibration windows, Taylor
importance, ΔL for layerwise/blockwise, allocation and slicing — twice: once computing everything per cell (what the
reference study did) and once through the study cache (`cached_importance` / `cached_deltas`: one gradient pass and
one ΔL table per (model, seq_len, seed, source)). It prints the gradient passes, ΔL computations and seconds of each,
and checks that both give the same pruned units. Evaluation is left out: it is the same either way."""
import copy, sys, tempfile, time
from pathlib import Path

import pandas as pd
import llm_prune_nb.importance as imp_mod
from llm_prune_nb.data import calibration_windows
from llm_prune_nb.importance import taylor_importance, delta_losses
from llm_prune_nb.models import load_model, model_fingerprint
from llm_prune_nb.prune import prune_model
from llm_prune_nb.sweep import load_study, cached_importance, cached_deltas

def main(path='studies/cpu_smollm2.yaml'):
    st = load_study(path)
    cells = [c for c in st.cells() if c.method != 'none']
    rows, kept = [], {}
    for model_name in st.models:
        base, tok = load_model(model_name)
        fp = model_fingerprint(base)
        for mode in ('per cell', 'shared cache'):
            passes0, deltas, t0 = imp_mod.GRADIENT_PASSES, 0, time.time()
            with tempfile.TemporaryDirectory() as cache:
                for c in [c for c in cells if c.model == model_name]:
                    p = c.params
                    snaps = sorted(set(p['snapshots']) | {c.taylor_num_samples})
                    w = calibration_windows(tok, c.taylor_seq_len, max(snaps + [p['delta_num_samples']]), c.seed,
                                            p.get('calibration', 'auto'), base.config.max_position_embeddings)
                    dl = None
                    if mode == 'per cell':
                        imp = taylor_importance(base, w[:c.taylor_num_samples], batch_size=p['batch_size'], progress=False)
                        if c.method != 'taylor':
                            kinds = ('layer',) if c.method == 'layerwise' else ('attn', 'mlp')
                            dl = delta_losses(base, w[:p['delta_num_samples']], kinds, p['batch_size'], progress=False); deltas += 1
                    else:
                        full, _ = cached_importance(base, w, snaps, c.seed, cache, fp, p['batch_size'], progress=False)
                        imp = full.upto(c.taylor_num_samples)
                        if c.method != 'taylor':
                            dl, hit = cached_deltas(base, w, p['delta_num_samples'], c.seed, cache, fp, p['batch_size'], progress=False)
                            deltas += not hit
                    r = prune_model(copy.deepcopy(base), tok, c.method, p['pruning_ratio'], c.taylor_seq_len, c.taylor_num_samples,
                                    c.seed, basis=p.get('basis', 'total'), delta_num_samples=p['delta_num_samples'],
                                    importance=imp, deltas=dl, progress=False)
                    pruned = frozenset(map(tuple, r.units.loc[r.units.pruned, ['layer', 'kind', 'index']].values.tolist()))
                    kept.setdefault(c.name, set()).add(pruned)
            rows.append(dict(model=model_name, mode=mode, cells=len([c for c in cells if c.model == model_name]),
                             gradient_passes=imp_mod.GRADIENT_PASSES - passes0, delta_tables=deltas, seconds=round(time.time() - t0, 1)))
            print(rows[-1], flush=True)
    df = pd.DataFrame(rows)
    print('\n' + df.to_string(index=False))
    for m, g in df.groupby('model'):
        a, b = g.set_index('mode').loc['per cell'], g.set_index('mode').loc['shared cache']
        print(f'{m}: {a.gradient_passes} → {b.gradient_passes} gradient passes, {a.delta_tables} → {b.delta_tables} ΔL tables, '
              f'{a.seconds:.0f}s → {b.seconds:.0f}s ({a.seconds - b.seconds:.0f}s saved, ×{a.seconds / max(b.seconds, 1e-9):.1f})')
    same = all(len(v) == 1 for v in kept.values())
    print('same pruned units with and without the cache:', same)
    return 0 if same else 1

if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))
