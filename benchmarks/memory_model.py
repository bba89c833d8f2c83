"""Benchmark: `estimate_memory` against measured CPU peaks at three sizes (a small Llama, SmolLM2, two layers at
Llama-3-8B width), for the gradient pass (lean and plain), ΔL and perplexity; prints each relative error.

    .venv/bin/python benchmarks/memory_model.py          (about 4 minutes; needs about 12 GB of RAM)
"""
import sys
import pandas as pd
from llm_prune_nb.memory import check_estimates

CASES = [('small', 'gradients', 8, 64, True), ('small', 'gradients', 8, 256, False),
         ('SmolLM2', 'gradients', 8, 64, True), ('SmolLM2', 'gradients', 4, 256, False),
         ('SmolLM2', 'delta', 8, 64, True), ('SmolLM2', 'perplexity', 8, 128, True),
         ('real-width', 'gradients', 1, 128, True), ('real-width', 'gradients', 1, 128, False),
         ('real-width', 'gradients', 2, 256, True)]

if __name__ == '__main__':
    df = check_estimates(CASES)
    with pd.option_context('display.width', 160): print(df.round(3).to_string(index=False))
    print(f'largest |error|: {df.error.abs().max():.1%} (the check: within 20%)')
    sys.exit(0 if (df.error.abs() < 0.2).all() else 1)
