#!/usr/bin/env bash
# One prepared check for the first GPU at hand (see benchmarks/gpu_check.py): at most 8 minutes, nothing from the network.
#   bash benchmarks/gpu_check.sh            on a GPU: 8 layers at Llama-3-8B width, bf16
#   bash benchmarks/gpu_check.sh --cpu      here: the same steps, smaller (tests/test_repo.py runs this)
# Needs python3 with torch, transformers, pandas, safetensors and tqdm; the checkout is imported from this folder.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ -x .venv/bin/python ]; then PY=.venv/bin/python; fi
exec timeout 480 env PYTHONUNBUFFERED=1 "$PY" benchmarks/gpu_check.py "$@"
