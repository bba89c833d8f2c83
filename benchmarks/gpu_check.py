"""The first check to run on a GPU: the real-scale steps at Llama-3-8B width, measured against the memory model.

    bash benchmarks/gpu_check.sh                 # on a GPU: 8 layers at Llama-3-8B width, bf16, about 3 minutes
    bash benchmarks/gpu_check.sh --cpu           # here, on the CPU: the same steps, smaller (2 layers, 1/8 width)

It builds a Llama-3-8B-shaped model (the published config, `reference_config('Llama')`, with fewer layers) with random
weights directly on the device, then runs and times each step of a run and prints the peak memory it measured next to
what `estimate_memory` predicts:

- the gradient pass, lean (hooks, chunked loss) with the fp32 gradient sums on the GPU, and with them in host memory
  plus activation checkpointing — the two memory modes a smaller card chooses between;
- the plain gradient pass (all `.grad` kept, full logits), the previous behaviour, for the ratio;
- the ΔL table (all three kinds) and a perplexity forward pass (2048-token windows).

It needs only torch, transformers, pandas, safetensors and tqdm (no datasets, lm-eval or network): the inputs are
random token ids. Measured peak on a GPU = `torch.cuda.max_memory_allocated()` during the step (weights included); on
the CPU, the model's bytes plus the rise of resident memory (`cpu_peak`, `05_speed`).
"""
import argparse, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # the checkout, without installing it
import torch
from transformers import AutoModelForCausalLM
from llm_prune_nb.models import reference_config
from llm_prune_nb.importance import taylor_importance, delta_losses, count_params
from llm_prune_nb.memory import estimate_memory

def build(layers:int, scale:int, device:str, dtype):
    "A Llama-3-8B-shaped model: `layers` layers, widths divided by `scale`, random weights, on `device`."
    cfg = reference_config('Llama')
    cfg.num_hidden_layers = layers
    if scale > 1:
        cfg.hidden_size //= scale
        cfg.intermediate_size //= scale
        cfg.num_attention_heads //= scale
        cfg.num_key_value_heads = max(1, cfg.num_key_value_heads // scale)
        cfg.head_dim = 128
    torch.manual_seed(0)
    with torch.device(device): m = AutoModelForCausalLM.from_config(cfg, dtype=dtype)
    return m.eval(), cfg

def measure(fn, device:str, weights:int):
    "`(seconds, peak bytes)` of `fn()` on `device` (weights included)."
    if device == 'cuda':
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        t = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        return time.perf_counter() - t, torch.cuda.max_memory_allocated()
    from llm_prune_nb.speed import cpu_peak
    with cpu_peak() as p:
        t = time.perf_counter()
        fn()
        dt = time.perf_counter() - t
    return dt, weights + (p['rise_mb'] or 0) * 2**20

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cpu', action='store_true', help='run on the CPU, smaller (the test of this script)')
    ap.add_argument('--layers', type=int)
    ap.add_argument('--scale', type=int, help='divide the widths by this')
    ap.add_argument('--seq-len', type=int)
    ap.add_argument('--batch', type=int)
    a = ap.parse_args()
    device = 'cpu' if a.cpu or not torch.cuda.is_available() else 'cuda'
    layers, scale = a.layers or (2 if device == 'cpu' else 8), a.scale or (8 if device == 'cpu' else 1)
    sl, bs = a.seq_len or (64 if device == 'cpu' else 256), a.batch or (2 if device == 'cpu' else 8)
    dtype = torch.float32 if device == 'cpu' else torch.bfloat16
    m, cfg = build(layers, scale, device, dtype)
    weights = sum(p.numel() * p.element_size() for p in m.parameters())
    print(f'{device}: Llama-3-8B shape, {layers} layers, widths / {scale}: {count_params(m):,} params, {dtype}; '
          f'batches of {bs} x {sl} tokens', flush=True)
    x = torch.randint(0, cfg.vocab_size, (bs * 2, sl), device=device)
    with torch.no_grad(): m(x[:1, :8])                                  # warm-up
    steps = [
        ('gradients, lean, buffer on device', 'gradients', {}, lambda: taylor_importance(m, x, batch_size=bs, progress=False)),
        ('gradients, lean, host buffer + checkpointing', 'gradients', {'grad_buffer': 'cpu', 'checkpointing': True},
         lambda: taylor_importance(m, x, batch_size=bs, progress=False, grad_buffer='cpu', checkpointing=True)),
        ('gradients, plain (.grad kept, full logits)', 'gradients', {'lean': False},
         lambda: taylor_importance(m, x, batch_size=bs, progress=False, lean=False)),
        ('ΔL, all three kinds', 'delta', {}, lambda: delta_losses(m, x[:bs], batch_size=bs, progress=False)),
    ]
    ppl_len = 2048 if device == 'cuda' else 256
    xp = torch.randint(0, cfg.vocab_size, (max(1, 8192 // ppl_len), ppl_len), device=device)
    def ppl():
        with torch.no_grad(): m(xp, use_cache=False).logits
    rows = []
    for name, step, kw, fn in steps + [(f'perplexity forward ({ppl_len}-token windows)', 'perplexity', {}, ppl)]:
        L, B = (ppl_len, len(xp)) if step == 'perplexity' else (sl, bs)
        dt, peak = measure(fn, device, weights)
        est = estimate_memory(cfg, dtype, L, B, step, **kw).total
        rows.append((name, dt, peak / 2**30, est / 2**30, est / peak - 1))
        print(f'{name:48s} {dt:7.1f}s  measured {peak / 2**30:7.2f} GiB  predicted {est / 2**30:7.2f} GiB  '
              f'error {est / peak - 1:+.1%}', flush=True)
    lean, plain = rows[0][2], rows[2][2]
    print(f'\npeak memory of the gradient pass: plain / lean = {plain / lean:.2f}x; '
          f'host buffer + checkpointing: {rows[1][2]:.2f} GiB')
    worst = max(abs(r[4]) for r in rows)
    print(f'largest estimate error: {worst:.1%}')
    return 0 if worst < 0.2 else 1

if __name__ == '__main__': sys.exit(main())
