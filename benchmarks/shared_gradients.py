"""Benchmark: the passes and wall time of a study's pruning step, with and without the shared cache.

    .venv/bin/python benchmarks/shared_gradients.py [studies/cpu_smollm2.yaml]

For every pruned cell of the study it does what `run.ipynb` does before evaluation — calibration windows, the passes
the method needs (Taylor gradients, ΔL, activation statistics), allocation and slicing — twice: once computing every
pass per cell (what the reference study did for its gradients and ΔL) and once through a study cache (`08_cache`: one
pass of each kind per (model, seq_len, seed, source), with a snapshot at each num_samples). It prints the passes of each
kind and the seconds of each, and checks that both give the same pruned units. Evaluation is left out: it is the same
either way.
"""
import copy, sys, tempfile, time
import pandas as pd
from llm_prune_nb.importance import PASSES
from llm_prune_nb.models import load_model, model_fingerprint
from llm_prune_nb.prune import prune_model, Windows, Passes
from llm_prune_nb.run import check_params
from llm_prune_nb.study import load_study

def pruned_units(study, model_name, base, tok, cache, fp) -> tuple[dict, dict]:
    "Prune every cell of `model_name` (through `cache` if given); the pruned units per cell and the passes run."
    before, kept, t0 = (PASSES.gradients, PASSES.deltas, PASSES.activations), {}, time.time()
    for c in [c for c in study.cells() if c.model == model_name and c.method != 'none']:
        p = check_params(**c.params)
        w = Windows(c.taylor_seq_len, c.taylor_num_samples, c.seed, p['calibration'], p['delta_num_samples'],
                    p['batch_size'])
        r = prune_model(copy.deepcopy(base), tok, c.method, p['pruning_ratio'], p['basis'], w,
                        Passes(cache_dir=cache, snapshots=p['snapshots'] if cache else None, fingerprint=fp),
                        progress=False)
        kept[c.name] = frozenset(map(tuple, r.units.loc[r.units.pruned, ['layer', 'kind', 'index']].values.tolist()))
    after = (PASSES.gradients, PASSES.deltas, PASSES.activations)
    return kept, dict(gradient_passes=after[0] - before[0], delta_tables=after[1] - before[1],
                      activation_passes=after[2] - before[2], seconds=round(time.time() - t0, 1))

def main(path='studies/cpu_smollm2.yaml'):
    st = load_study(path, check_models_too=False)
    rows, same = [], True
    for model_name in st.models:
        base, tok = load_model(model_name)
        fp = model_fingerprint(base)
        per_cell, a = pruned_units(st, model_name, base, tok, None, fp)
        with tempfile.TemporaryDirectory() as cache: shared, b = pruned_units(st, model_name, base, tok, cache, fp)
        cells = len(per_cell)
        rows += [dict(model=model_name, mode='per cell', cells=cells, **a), dict(model=model_name, mode='shared cache',
                                                                                 cells=cells, **b)]
        same &= per_cell == shared
        print(f'{model_name}: {a["gradient_passes"]} → {b["gradient_passes"]} gradient passes, {a["delta_tables"]} → '
              f'{b["delta_tables"]} ΔL tables, {a["activation_passes"]} → {b["activation_passes"]} activation passes, '
              f'{a["seconds"]:.0f}s → {b["seconds"]:.0f}s (×{a["seconds"] / max(b["seconds"], 1e-9):.1f})', flush=True)
    print('\n' + pd.DataFrame(rows).to_string(index=False))
    print('same pruned units with and without the cache:', same)
    return 0 if same else 1

if __name__ == '__main__': sys.exit(main(*sys.argv[1:]))
