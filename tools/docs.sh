#!/usr/bin/env bash
# Build the docs site into site/ (or $SITE_DIR): the notebooks, and report.ipynb executed on a study folder.
#   bash tools/docs.sh [STUDY_DIR]      (default runs/cpu_smollm2, written by `llm-prune sweep studies/cpu_smollm2.yaml`)
#   python -m http.server -d site 8000  then open http://localhost:8000/report/
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV_BIN:-.venv/bin}
STUDY_DIR=${1:-runs/cpu_smollm2}
[ -f "$STUDY_DIR/study.yaml" ] || { echo "no study in $STUDY_DIR: run llm-prune sweep first" >&2; exit 1; }
rm -rf .docs_src && mkdir -p .docs_src
cp nbs/index.ipynb nbs/0*.ipynb nbs/run.ipynb .docs_src/
"$BIN/papermill" --no-progress-bar nbs/report.ipynb .docs_src/report.ipynb -p study_dir "$(cd "$STUDY_DIR" && pwd)"
# the raw front-matter cells are for nbdev_test, not for readers
"$BIN/python" - <<'PY'
import nbformat, pathlib
for f in pathlib.Path('.docs_src').glob('*.ipynb'):
    nb = nbformat.read(f, as_version=4)
    nb.cells = [c for c in nb.cells if c.cell_type != 'raw']
    nbformat.write(nb, f)
PY
NO_MKDOCS_2_WARNING=1 "$BIN/mkdocs" build --quiet -f mkdocs.yml ${SITE_DIR:+--site-dir "$SITE_DIR"}
echo "docs site: $(cd "${SITE_DIR:-site}" && pwd) (serve: python -m http.server -d ${SITE_DIR:-site} 8000)"
