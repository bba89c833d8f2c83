#!/usr/bin/env bash
# Build the docs site into site/ (or $SITE_DIR): bash tools/docs.sh [STUDY_DIR]   (see tools/docs.py)
set -euo pipefail
cd "$(dirname "$0")/.."
"${VENV_BIN:-.venv/bin}/python" tools/docs.py "$@"
