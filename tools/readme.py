"""Write README.md from nbs/index.ipynb (`python tools/readme.py`; `--check` exits 1 when README.md is stale).

nbdev's own `nbdev_readme` renders through Quarto, which cannot be installed on our machines; this keeps the
same contract (README.md is generated from index.ipynb, never edited by hand) with nbformat alone."""
import sys
from pathlib import Path
import nbformat

root = Path(__file__).resolve().parent.parent

def render() -> str:
    nb = nbformat.read(root/'nbs'/'index.ipynb', as_version=4)
    parts = ['<!-- generated from nbs/index.ipynb by tools/readme.py: edit the notebook, not this file -->']
    for c in nb.cells:
        if c.cell_type == 'markdown': parts.append(c.source.strip())
        elif c.cell_type == 'code':
            src = '\n'.join(l for l in c.source.splitlines() if not l.startswith('#|')).strip()
            if src: parts.append(f'```python\n{src}\n```')
    return '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    out, txt = root/'README.md', render()
    if '--check' in sys.argv:
        if not out.exists() or out.read_text() != txt: sys.exit('README.md is stale: run `python tools/readme.py`')
    else: out.write_text(txt)
