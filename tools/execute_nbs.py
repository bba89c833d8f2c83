"""Execute notebooks in place, so that their outputs are committed and the docs site shows them (nbdev's practice).

    python tools/execute_nbs.py [NOTEBOOK ...] [--flags slow]     (default: every numbered notebook in nbs/)

Cells run as `nbdev_test` runs them (same skipped flags, `--flags` to run `#| slow` cells too), in the notebook's
folder; a skipped cell keeps the outputs of its last run. Before writing, stderr streams (progress bars, warnings) are dropped, and the outputs are checked for
machine paths (a home, a temporary or a checkout folder): a page must not show them. `nbdev_clean` normalises the
files afterwards. Run it after changing a notebook, and commit the result.
"""
import argparse, re, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MACHINE_PATHS = re.compile(r'(/work/|/root/|/home/|/tmp/|/var/folders/|' + re.escape(str(ROOT)) + ')')

def machine_paths(nb) -> list[str]:
    "Cells whose outputs show a machine path."
    found = []
    for i, c in enumerate(nb.cells):
        for o in c.get('outputs', []):
            text = str(o.get('text', '')) + str(o.get('data', {}).get('text/plain', '')) + str(o.get('data', {}).get('text/html', ''))
            if MACHINE_PATHS.search(text): found.append(f'cell {i}: {MACHINE_PATHS.search(text).group(0)}')
    return found

def execute(path:Path, flags=()):
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    from fastcore.xtras import working_directory
    from nbdev.config import get_config
    skip = set(get_config().tst_flags.split()) - set(flags)
    def preproc(cell):
        if cell.cell_type != 'code': return True
        direc = {l.split('|', 1)[1].strip().split()[0] for l in cell.source.splitlines()
                 if l.startswith('#|') and l[2:].strip()}
        return bool(direc & skip) or 'eval:' in direc and 'eval: false' in cell.source
    nb = read_nb(path)
    for c in nb.cells:   # a cell skipped by its flag (`#| slow`) keeps the outputs of its last run
        if c.cell_type == 'code' and not preproc(c): c.outputs, c.execution_count = [], None
    t0 = time.time()
    with working_directory(path.parent): CaptureShell(path).run_all(nb, exc_stop=True, preproc=preproc)
    for c in nb.cells:
        if c.cell_type == 'code':
            c.outputs = [o for o in c.outputs if not (o.get('output_type') == 'stream' and o.get('name') == 'stderr')]
    bad = machine_paths(nb)
    if bad: sys.exit(f'{path.name}: outputs show machine paths ({"; ".join(bad)}); change the notebook')
    write_nb(nb, path)
    print(f'{path.name}: {time.time() - t0:.0f}s', flush=True)

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('notebooks', nargs='*')
    ap.add_argument('--flags', default='')
    a = ap.parse_args()
    nbs = [Path(p).resolve() for p in a.notebooks] or sorted((ROOT/'nbs').glob('[0-9]*.ipynb'))
    for p in nbs: execute(p, a.flags.split())
    subprocess.run([str(Path(sys.executable).parent/'nbdev_clean')], cwd=ROOT, check=True)
