"""Benchmark: peak memory of the gradient pass, plain (every .grad kept, full logits) vs lean (the default), on the CPU.

    .venv/bin/python benchmarks/gradient_memory.py [--batch 1] [--seq-len 128]

Two decoder layers at Llama-3-8B width (the published config, random fp32 weights, 5.7 GB): each pass runs in a fresh
process and its peak is measured as `07_memory` measures it (the model's bytes plus the rise of resident memory). It
prints both peaks, the memory each adds on top of the weights, and the ratio. Needs about 12 GB of RAM.
"""
import argparse
from llm_prune_nb.memory import measure_memory

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--batch', type=int, default=1)
    ap.add_argument('--seq-len', type=int, default=128)
    a = ap.parse_args()
    got = {mode: measure_memory('real-width', 'gradients', a.batch, a.seq_len, mode == 'lean') for mode in ('plain', 'lean')}
    from transformers import AutoConfig
    cfg = AutoConfig.for_model(**{k: v for k, v in got['lean']['config'].items() if k != 'transformers_version'})
    from llm_prune_nb.memory import model_shape
    w = model_shape(cfg)['params'] * 4
    print(f'gradient pass, 2 layers at Llama-3-8B width, fp32, batch {a.batch} x {a.seq_len} tokens, CPU')
    for mode, g in got.items():
        print(f'  {mode:5s}: peak {g["measured"] / 2**30:6.2f} GiB = weights {w / 2**30:.2f} GiB + '
              f'{(g["measured"] - w) / 2**30:.2f} GiB for the pass')
    p, l = got['plain']['measured'], got['lean']['measured']
    print(f'peak ratio plain / lean: {p / l:.2f}x in all; {(p - w) / (l - w):.2f}x for what the pass adds')

if __name__ == '__main__': main()
