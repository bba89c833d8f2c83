"""Is the dense SmolLM2's gap to published accuracies its 4-bit weights? A second 4-bit rounding, measured.

    .venv/bin/python benchmarks/rounding_gap.py [DENSE_SAMPLES] [OUT=studies/results/rounding_gap.json]

The embedded SmolLM2-135M-Instruct is a Q4_1 GGUF: every decoder weight was rounded to 4 bits (16 levels per block of
32) before we saw it, while the published tables ran the bf16 checkpoint. That first rounding cannot be undone here
(the bf16 weights are not in the offline data), so this measures the next best thing: round every decoder weight of
our model once more to 4 bits — Q4_0, a different 16-level grid (on Q4_1's own grid a second rounding changes
nothing) — and score the full test sets of the three tasks whose published numbers we miss by more than a standard
error (ARC-Easy, PIQA; HellaSwag on the study's seeded 2,000), paired against the dense model's per-document results
of `cpu_fullsets` (DENSE_SAMPLES, its `samples.parquet`). It prints, and writes to OUT, the size of the two roundings
(RMS error relative to the weights' RMS: the first estimated from each Q4_1 block's step as step/√12, the second
measured) and per published metric the change in accuracy with a paired 95% bootstrap CI; the report reads OUT only
beside the dense samples whose SHA-256 it records. About 18 minutes on two cores; check `uptime` first.
"""
import hashlib, json, math, os, sys, time
from pathlib import Path
import numpy as np
import pandas as pd
import torch

ROOT = Path(__file__).resolve().parents[1]
DENSE = ROOT/'studies/results/cpu_fullsets/SmolLM2/none/dense_s0/evaluation/samples.parquet'
TASKS, LIMIT = ['arc_easy', 'piqa', 'hellaswag'], {'hellaswag': 2000}

def first_rounding_rms() -> float:
    "RMS of the Q4_1 rounding the GGUF's decoder weights went through (step/√12 per block), relative to their RMS."
    import gguf
    from llm_prune_nb.models import embedded_gguf
    err = tot = 0.0
    for t in gguf.GGUFReader(str(embedded_gguf())).tensors:
        if t.tensor_type != gguf.GGMLQuantizationType.Q4_1: continue
        raw = np.asarray(t.data).reshape(-1, 20)                  # per block: f16 scale, f16 min, 16 bytes
        step = raw[:, :2].copy().view(np.float16)[:, 0].astype(np.float64)
        w = gguf.quants.dequantize(np.asarray(t.data), t.tensor_type).astype(np.float64)
        err += float((step ** 2 / 12).sum() * 32)
        tot += float((w ** 2).sum())
    return math.sqrt(err / tot)

def round_again(model) -> float:
    "Round every decoder linear weight of `model` through Q4_0 in place; the RMS change relative to the weights' RMS."
    import gguf
    err = tot = 0.0
    for name, p in model.get_decoder().layers.named_parameters():
        if p.ndim != 2: continue
        w = p.detach().float().numpy()
        q = gguf.quants.dequantize(gguf.quants.quantize(w, gguf.GGMLQuantizationType.Q4_0),
                                   gguf.GGMLQuantizationType.Q4_0).reshape(w.shape)
        err += float(((q - w).astype(np.float64) ** 2).sum())
        tot += float((w.astype(np.float64) ** 2).sum())
        with torch.no_grad(): p.copy_(torch.from_numpy(q))
    return math.sqrt(err / tot)

def main(dense:str=str(DENSE), out:str=str(ROOT/'studies/results/rounding_gap.json')):
    from llm_prune_nb.claims import PUBLISHED
    from llm_prune_nb.evaluate import zero_shot
    from llm_prune_nb.stats import paired_bootstrap
    from llm_prune_nb.models import load_model
    print(f'load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores')
    base = pd.read_parquet(dense)
    model, tok = load_model('SmolLM2')
    first = first_rounding_rms()
    second = round_again(model)
    print(f'rounding error, RMS relative to the weights: first (Q4_1, estimated) {first:.3f}, '
          f'second (Q4_0, measured) {second:.3f}')
    t0 = time.time()
    zs = zero_shot(model, tok, TASKS, LIMIT, seed=0)
    print(f'scored {len(zs.samples):,} documents in {time.time() - t0:.0f} s')
    rows = []
    for r in PUBLISHED[PUBLISHED.task.isin(TASKS)].itertuples():
        a = zs.samples[zs.samples.task == r.task]
        b = base[(base.task == r.task) & base.doc_id.isin(a.doc_id)]
        d = paired_bootstrap(a, b, r.metric)
        rows.append(dict(source=r.source, task=r.task, metric=r.metric, published=r.value,
                         dense=float(b[r.metric].mean()), rounded_again=float(a[r.metric].mean()),
                         change=d.diff, ci_low=d.ci_low, ci_high=d.ci_high, p_value=d.p_value,
                         docs=len(a)))
    df = pd.DataFrame(rows)
    print(df.to_string(index=False, float_format=lambda v: f'{v:.4f}'))
    res = dict(first_rounding_rel_rms=first, second_rounding_rel_rms=second, second_rounding='Q4_0',
               tasks=TASKS, limit=LIMIT, dense_samples=os.path.relpath(dense, ROOT),
               dense_sha256=hashlib.sha256(Path(dense).read_bytes()).hexdigest(), rows=rows,
               seconds=time.time() - t0)
    tmp = Path(out).with_suffix('.tmp')
    tmp.write_text(json.dumps(res, indent=1))
    tmp.replace(out)
    print(f'written: {os.path.relpath(out, ROOT)}')

if __name__ == '__main__': main(*sys.argv[1:])
