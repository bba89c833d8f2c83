"""Benchmark: how often the cells of a study prune to the very same model (and so share one evaluation).

    .venv/bin/python benchmarks/identical_prunes.py [studies/cpu_smollm2.yaml]

Prunes every pruned cell of the study as a sweep does (through one shared pass cache, without evaluating) and keys
each pruned model the way `13_run`'s `cached_evaluation` does — `model_fingerprint`, what the model computes (config
and weights, not the record of how it was pruned). It prints the groups of cells with one fingerprint: the
evaluations a sweep of this study skips.
"""
import copy, sys, tempfile, time
from collections import defaultdict
from llm_prune_nb.models import load_model, model_fingerprint
from llm_prune_nb.prune import prune_model, Windows, Passes
from llm_prune_nb.run import check_params
from llm_prune_nb.study import load_study

def main(path='studies/cpu_smollm2.yaml'):
    st, t0 = load_study(path, check_models_too=False), time.time()
    groups, cells = defaultdict(list), 0
    for model_name in st.models:
        base, tok = load_model(model_name)
        fp = model_fingerprint(base)
        with tempfile.TemporaryDirectory() as cache:
            for c in [c for c in st.cells() if c.model == model_name and c.method != 'none']:
                p = check_params(**c.params)
                w = Windows(c.taylor_seq_len, c.taylor_num_samples, c.seed, p['calibration'],
                            p['delta_num_samples'], p['batch_size'])
                r = prune_model(copy.deepcopy(base), tok, c.method, p['pruning_ratio'], p['basis'], w,
                                Passes(cache_dir=cache, snapshots=p['snapshots'] or st.taylor_num_samples,
                                       fingerprint=fp), progress=False)
                groups[model_fingerprint(r.model)].append(c.name)
                cells += 1
    shared = [g for g in groups.values() if len(g) > 1]
    print(f'{cells} pruned cells, {len(groups)} distinct pruned models ({time.time() - t0:.0f}s): '
          f'{cells - len(groups)} evaluation(s) reused')
    for g in shared: print('  identical:', ', '.join(g))

if __name__ == '__main__': main(*sys.argv[1:])
