"""Benchmark: zero-shot scoring with lm-eval's `HFLM` against the shared-context scorer, on the same documents.

    .venv/bin/python benchmarks/eval_speed.py [DOCS_PER_TASK=100]

For each of the seven tasks, the same lm-eval requests (the first DOCS_PER_TASK documents, local data) are scored by
`HFLM` and by `shared_context_lm()` on SmolLM2, in one process, interleaved task by task (the order alternates, so
a drift of the machine's speed hurts neither side). It prints per task: the tokens each runs through the model
(HFLM: each distinct context + continuation[:-1]; its one-token-continuation cache counted), seconds, tokens/s and
the speedup; then the largest log-likelihood difference, whether `is_greedy` and the accuracies agree, and the
share of the machine's fp32 matmul peak (measured here) that each reaches (2 × decoder parameters per token).

Then the ΔL table (`06_importance`), the other large step of a run: the three ablations of each layer run as one
batch (the default) against one at a time, interleaved, on the same windows, with the largest relative difference
of the ΔL losses and the share of the ablations' FLOPs that the LM head takes.
Check `uptime` first: the figures are only as quiet as the machine.
"""
import os, sys, time
import numpy as np
import torch

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

def main(n:int=100):
    from lm_eval.models.huggingface import HFLM
    from llm_prune_nb.data import TASKS
    from llm_prune_nb.evaluate import shared_context_lm, task_instances
    from llm_prune_nb.models import load_model
    print(f'uptime: {os.getloadavg()}  threads: {torch.get_num_threads()}')
    model, tok = load_model('SmolLM2')
    n_dec = sum(p.numel() for p in model.get_decoder().layers.parameters())
    hf = HFLM(pretrained=model, tokenizer=tok, batch_size=16)
    sh = shared_context_lm()(pretrained=model, tokenizer=tok, batch_size=16)
    hf.loglikelihood(task_instances(['arc_easy'], 2), disable_tqdm=True)     # warm-up
    peak = matmul_peak()
    rows, all_a, all_b, insts_all = [], [], [], []
    for j, t in enumerate(TASKS):
        insts = task_instances([t], n)
        sh.stats['tokens'] = 0
        runs = {}
        for name in (('hflm', 'shared') if j % 2 == 0 else ('shared', 'hflm')):
            lm = hf if name == 'hflm' else sh
            t0 = time.perf_counter()
            runs[name] = (lm.loglikelihood(insts, disable_tqdm=True), time.perf_counter() - t0)
        (a, ta), (b, tb) = runs['hflm'], runs['shared']
        ka, kb = hflm_tokens(hf, insts), sh.stats['tokens']
        rows.append((t, len({i.doc_id for i in insts}), len(insts), ka, ta, kb, tb))
        all_a += a; all_b += b; insts_all += insts
    print(f"\n{'task':14s} {'docs':>5s} {'reqs':>5s} | {'HFLM tok':>9s} {'s':>6s} {'tok/s':>6s} | "
          f"{'shared tok':>10s} {'s':>6s} {'tok/s':>6s} | speedup")
    for t, d, r, ka, ta, kb, tb in rows:
        print(f'{t:14s} {d:5d} {r:5d} | {ka:9d} {ta:6.1f} {ka/ta:6.0f} | {kb:10d} {tb:6.1f} {kb/tb:6.0f} | {ta/tb:5.2f}x')
    KA, TA, KB, TB = (sum(r[i] for r in rows) for i in (3, 4, 5, 6))
    print(f"{'total':14s} {'':5s} {'':5s} | {KA:9d} {TA:6.1f} {KA/TA:6.0f} | {KB:10d} {TB:6.1f} {KB/TB:6.0f} | "
          f"{TA/TB:5.2f}x")
    la, lb = np.array([x[0] for x in all_a]), np.array([x[0] for x in all_b])
    same_acc = accuracy(insts_all, la) == accuracy(insts_all, lb)
    print(f'\nmax |ll(HFLM) - ll(shared)| = {np.abs(la - lb).max():.2e} nats over {len(la)} requests; '
          f'is_greedy identical: {[x[1] for x in all_a] == [x[1] for x in all_b]}; argmax (accuracy) identical: {same_acc}')
    for name, k, s in (('HFLM', KA, TA), ('shared', KB, TB)):
        print(f'{name:6s}: {2 * n_dec * k / s / 1e9:5.1f} GFLOP/s in the decoder layers = '
              f'{2 * n_dec * k / s / 1e9 / peak:.0%} of the measured fp32 matmul peak {peak:.0f} GFLOP/s')
    delta_benchmark(model, tok)
    print(f'uptime after: {os.getloadavg()}')

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

if __name__ == '__main__':
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
