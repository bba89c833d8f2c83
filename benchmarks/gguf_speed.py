"""Benchmark: what a prune buys in llama.cpp — dense vs pruned SmolLM2, f16 and q8_0, in one process.

    .venv/bin/python benchmarks/gguf_speed.py [METHOD=flap] [ROUNDS=7] [THREADS=2]

Prunes the embedded SmolLM2-135M by 20% with METHOD and `channel_multiple=32` (so that q8_0 can store every MLP
width), exports the dense and the pruned model as f16 and q8_0 GGUF files (a temporary folder), then times
llama.cpp's prompt processing (128 tokens) and generation (32 tokens, one at a time) of the four files round by
round, interleaved, THREADS threads (`benchmark_gguf`, `nbs/10b_export.ipynb`), and prints the medians, the speedups
and the machine's load. Check `uptime` first: the figures are only as quiet as the machine. Needs the `gguf` extra.
"""
import os, sys, tempfile
from pathlib import Path

from llm_prune_nb.models import load_model
from llm_prune_nb.prune import prune_model, Windows
from llm_prune_nb.export import export_gguf, benchmark_gguf

method = sys.argv[1] if len(sys.argv) > 1 else 'flap'
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
print(f'load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)')
base, tok = load_model('SmolLM2')
pruned, _ = load_model('SmolLM2')
r = prune_model(pruned, tok, method, 0.2, windows=Windows(64, 16), progress=False,
                channel_multiple=32)
print(r.summary())
with tempfile.TemporaryDirectory() as d:
    files = {f'{name} {dt}': export_gguf(m, Path(d)/f'{name}_{dt}.gguf', dt, tok)
             for dt in ('f16', 'q8_0') for name, m in (('dense', base), ('pruned', pruned))}
    speed, ctx = benchmark_gguf(files, tok, 128, 32, rounds, threads)
print(speed.round(1).to_string())
for dt in ('f16', 'q8_0'):
    d, p = speed.loc[f'dense {dt}'], speed.loc[f'pruned {dt}']
    print(f'{dt}: prompt ×{p.prompt_tok_s / d.prompt_tok_s:.2f}, generation '
          f'×{p.gen_tok_s / d.gen_tok_s:.2f}, file ×{p.file_mb / d.file_mb:.2f}')
print(f'load {ctx.load1} on {threads} threads: speed_reliable {ctx.reliable}')
