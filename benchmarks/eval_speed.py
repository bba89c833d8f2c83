"""Benchmark: zero-shot scoring with lm-eval's `HFLM` against the shared-context scorer, quiet and on a busy machine.

    .venv/bin/python benchmarks/eval_speed.py [QUIET_DOCS=40] [BUSY_DOCS=20] [ROUNDS=2]

The same lm-eval requests — the first N documents of each of the seven tasks (local data), all tasks in one call, as
`zero_shot` makes it — are scored by `HFLM` and by `shared_context_lm()` on SmolLM2, in one process, alternating
A B B A … (ROUNDS rounds), so a drift of the machine's speed hurts neither side. Twice: on a quiet machine with
QUIET_DOCS per task, then beside a busy job — a second process multiplying fp32 matrices on two threads, as a
study's sweep does (load ≈ 4 on two cores) — with BUSY_DOCS per task. For each condition it prints the median
seconds of each scorer, its forward passes and seconds per pass, the CPU seconds it got per wall second, and the
speedup; then the tokens each runs per task (HFLM: each distinct context + continuation[:-1], its one-token cache
counted), whether the log-likelihoods, `is_greedy` and every argmax agree, and the share of the machine's fp32
matmul peak (measured here) each reaches on the quiet machine (2 × decoder parameters per token).

Then the ΔL table (`06_importance`), the other large step of a run: the three ablations of each layer run as one
batch (the default) against one at a time, interleaved, on the same windows, with the largest relative difference
of the ΔL losses and the share of the ablations' FLOPs that the LM head takes.
Check `uptime` first: the quiet figures are only as quiet as the machine.
"""
import os, statistics, subprocess, sys, time
import numpy as np
import torch

HOG = 'import torch\ntorch.set_num_threads(2)\na = torch.randn(1024, 1024)\nwhile True: a @ a'

def matmul_peak(n:int=1024, k:int=576, m:int=1536, repeats:int=20) -> float:
    "GFLOP/s of an fp32 (n×k)·(k×m) matmul, best of `repeats`, with torch's threads."
    a, b = torch.randn(n, k), torch.randn(k, m)
    a @ b
    best = min((lambda t: (a @ b, time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(repeats))
    return 2 * n * k * m / best / 1e9

def hflm_tokens(lm, insts) -> int:
    "Tokens HFLM runs for `insts`: each distinct context + continuation[:-1] (its one-token cache merges the rest)."
    keys = set()
    for i in insts:
        ctx, cont = lm._encode_pair(*i.arguments)
        keys.add(tuple(ctx + cont[:-1]))
    return sum(len(k) for k in keys)

def accuracy(insts, ll) -> dict:
    "acc per task from per-choice log-likelihoods (argmax against lm-eval's gold)."
    by_doc = {}
    for i, x in zip(insts, ll): by_doc.setdefault((i.task_name, i.doc_id), []).append(x)
    return {k: int(np.argmax(v)) for k, v in by_doc.items()}

def shared_tokens(lm, insts) -> int:
    "Tokens the shared scorer runs for `insts`: each distinct context once, then each continuation[:-1]."
    rows = {}
    for i in insts:
        ctx, cont = lm._encode_pair(*i.arguments)
        rows.setdefault(tuple(ctx), len(ctx))
        rows[tuple(ctx)] += len(cont) - 1
    return sum(rows.values())

def timed(lm, insts, passes:dict):
    "Log-likelihoods of `insts` by `lm`, wall seconds, CPU seconds, forward passes."
    passes['n'] = 0
    t, c = time.perf_counter(), time.process_time()
    out = lm.loglikelihood(insts, disable_tqdm=True)
    return out, time.perf_counter() - t, time.process_time() - c, passes['n']

def condition(lms:dict, insts, rounds:int, passes:dict) -> tuple[dict, dict]:
    "Per scorer: its last results, and the (wall s, cpu s, passes) of each round, in ABBA order."
    outs, runs = {}, {k: [] for k in lms}
    for r in range(rounds):
        for k in (list(lms) if r % 2 == 0 else list(lms)[::-1]):
            outs[k], *t = timed(lms[k], insts, passes)
            runs[k].append(t)
    return outs, runs

def main(quiet_docs:int=40, busy_docs:int=20, rounds:int=2):
    from lm_eval.models.huggingface import HFLM
    from llm_prune_nb.data import TASKS
    from llm_prune_nb.evaluate import shared_context_lm, task_instances
    from llm_prune_nb.models import load_model
    print(f'load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores, '
          f'torch threads {torch.get_num_threads()}')
    model, tok = load_model('SmolLM2')
    n_dec = sum(p.numel() for p in model.get_decoder().layers.parameters())
    lms = {'HFLM': HFLM(pretrained=model, tokenizer=tok, batch_size=16),
           'shared': shared_context_lm()(pretrained=model, tokenizer=tok, batch_size=16)}
    passes = {'n': 0}
    model.get_decoder().register_forward_pre_hook(lambda *a: passes.__setitem__('n', passes['n'] + 1))
    for lm in lms.values(): lm.loglikelihood(task_instances(['arc_easy'], 2), disable_tqdm=True)   # warm-up
    peak = matmul_peak()
    quiet = task_instances(TASKS, quiet_docs)
    tokens = {'HFLM': hflm_tokens(lms['HFLM'], quiet), 'shared': shared_tokens(lms['shared'], quiet)}
    table = {}
    for label, docs in (('quiet', quiet_docs), ('busy', busy_docs)):
        insts = quiet if label == 'quiet' else task_instances(TASKS, docs)
        hog = subprocess.Popen([sys.executable, '-c', HOG]) if label == 'busy' else None
        try:
            if hog: time.sleep(3)
            outs, runs = condition(lms, insts, rounds, passes)
            load = os.getloadavg()[0]      # at the end: the one-minute average lags a new job
        finally:
            if hog: hog.kill()
        table[label] = (docs, len(insts), load, runs)
        if label == 'quiet': lls = outs          # the agreement check: the quiet run's results
    print(f"\n{'condition':22s} {'scorer':7s} {'wall s':>7s} {'CPU s/wall s':>12s} {'passes':>6s} "
          f"{'s/pass':>7s} | HFLM / shared")
    for label, (docs, n, load, runs) in table.items():
        med = {k: [statistics.median(x[i] for x in v) for i in range(3)] for k, v in runs.items()}
        for k, (w, c, p) in med.items():
            name = f'{label}, {docs} docs/task' if k == 'HFLM' else f'({n} requests, load {load:.1f})'
            speed = f"{med['HFLM'][0] / w:5.2f}x" if k == 'shared' else ''
            print(f'{name:22s} {k:7s} {w:7.1f} {c / w:12.2f} {p:6.0f} {w / p:7.2f} | {speed}')
    print(f"\ntokens through the model, {quiet_docs} documents per task:")
    for t in TASKS:
        sub = [i for i in quiet if i.task_name == t]
        a, b = hflm_tokens(lms['HFLM'], sub), shared_tokens(lms['shared'], sub)
        print(f'  {t:14s} HFLM {a:7,d}   shared {b:7,d}   ({a / b:.2f}x)')
    print(f"  {'total':14s} HFLM {tokens['HFLM']:7,d}   shared {tokens['shared']:7,d}   "
          f"({tokens['HFLM'] / tokens['shared']:.2f}x)")
    la, lb = (np.array([x[0] for x in lls[k]]) for k in ('HFLM', 'shared'))
    same_acc = accuracy(quiet, la) == accuracy(quiet, lb)
    print(f"\nmax |ll(HFLM) - ll(shared)| = {np.abs(la - lb).max():.2e} nats over {len(la)} requests; is_greedy "
          f"identical: {[x[1] for x in lls['HFLM']] == [x[1] for x in lls['shared']]}; "
          f"argmax (accuracy) identical: {same_acc}")
    for k in ('HFLM', 'shared'):
        w = statistics.median(x[0] for x in table['quiet'][3][k])
        g = 2 * n_dec * tokens[k] / w / 1e9
        print(f'{k:6s}: {g:5.1f} GFLOP/s in the decoder layers on the quiet machine = {g / peak:.0%} of the measured '
              f'fp32 matmul peak {peak:.0f} GFLOP/s')
    delta_benchmark(model, tok)
    print(f'load average after: {os.getloadavg()[0]:.2f}')

def delta_benchmark(model, tok, windows:int=4, seq_len:int=64, rounds:int=2):
    "ΔL of every layer and kind: the kinds of a layer batched together against one at a time, interleaved."
    from llm_prune_nb.data import calibration_windows
    from llm_prune_nb.importance import DELTA_KINDS, _ablation_losses, _capture_layer_inputs, decoder_layers
    x = calibration_windows(tok, seq_len, windows, seed=0)
    caught, _ = _capture_layer_inputs(model, x)
    n = len(decoder_layers(model))
    def table(together:bool):
        if together: return torch.cat([_ablation_losses(model, l, *caught[l], x, DELTA_KINDS, 1024) for l in range(n)])
        return torch.cat([_ablation_losses(model, l, *caught[l], x, [k], 1024) for l in range(n) for k in DELTA_KINDS])
    times = {True: [], False: []}
    for r in range(rounds):
        for together in ((True, False) if r % 2 == 0 else (False, True)):
            t0 = time.perf_counter()
            out = table(together)
            times[together].append(time.perf_counter() - t0)
            if together: batched = out
            else: single = out
    rel = ((batched - single).abs() / single.abs()).max().item()
    layer = sum(p.numel() for p in decoder_layers(model)[0].parameters())
    head = model.get_output_embeddings().weight.numel()
    runs = 3 * n * (n + 1) / 2 - n      # layers run: those after each ablated one, and the ablated one for attn / mlp
    share = 3 * n * head / (3 * n * head + runs * layer)
    b, s1 = np.median(times[True]), np.median(times[False])
    print(f'\nΔL table, {windows} windows × {seq_len} tokens, {3 * n} ablations: batched by layer {b:.1f}s, one at a '
          f'time {s1:.1f}s ({s1 / b:.2f}x); max relative difference {rel:.1e}; the LM head is {share:.0%} of the '
          f'ablations\' FLOPs (vocab {model.config.vocab_size:,})')

if __name__ == '__main__': main(*map(int, sys.argv[1:]))
