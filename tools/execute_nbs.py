"""Execute notebooks in place, so that their outputs are committed and the docs site shows them (nbdev's practice).

    python tools/execute_nbs.py [NOTEBOOK ...] [--flags slow]     (default: every numbered notebook in nbs/)

Cells run as `nbdev_test` runs them (same skipped flags, `--flags` to run `#| slow` cells too), in the notebook's
folder; a skipped cell keeps the outputs of its last run. Figures are plain PNGs at their drawn size (execnb's default,
'retina', doubles their pixels, and the site would show them at half their width). Before writing, stderr that is
only known noise (progress bars: `tools/docs.py`'s `stderr_noise`) is dropped — a real warning stays, and the docs
test fails on it — and the outputs are checked for machine paths (a home, a temporary or a checkout folder): a page
must not show them. `nbdev_clean` normalises the
files afterwards. Run it after changing a notebook, and commit the result.

`run.ipynb` (the protocol of one run, a papermill template) is executed through papermill like a study cell, on
SmolLM2 with the small settings of `RUN_PAGE` (its injected parameters cell stays, so the page says what produced
its numbers), into the git-ignored `runs/docs_example/`.
"""
import argparse, re, subprocess, sys, time
from pathlib import Path
from docs import noise_output    # tools/docs.py: what counts as noise on stderr

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

RUN_PAGE = dict(model='SmolLM2', limit=10, ppl_windows='128/128', ppl_max_tokens=4096,
                speed_prompt_len=128, speed_batch=4, speed_new_tokens=32, out_dir='runs/docs_example',
                study='docs_example', channel_multiple=32, gguf=True)

def _write(nb, path:Path, t0:float):
    "Drop stderr noise, refuse machine paths, write `nb` to `path`."
    from execnb.nbio import write_nb
    for c in nb.cells:
        if c.cell_type == 'code':
            c.outputs = [o for o in c.outputs if not noise_output(o)]
    bad = machine_paths(nb)
    if bad: sys.exit(f'{path.name}: outputs show machine paths ({"; ".join(bad)}); change the notebook')
    write_nb(nb, path)
    print(f'{path.name}: {time.time() - t0:.0f}s', flush=True)

def execute_run_page(path:Path):
    "Execute the run notebook with papermill on `RUN_PAGE`, in place (papermill replaces its own parameters cell)."
    import papermill as pm
    from llm_prune_nb.run import IPCKernelManager
    t0 = time.time()
    pm.execute_notebook(str(path), str(path), parameters=RUN_PAGE, cwd=str(ROOT), progress_bar=False,
                        kernel_manager_class=IPCKernelManager)
    from execnb.nbio import read_nb
    _write(read_nb(path), path, t0)

def execute(path:Path, flags=()):
    from execnb.nbio import read_nb
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
    with working_directory(path.parent):
        CaptureShell(path, mpl_format='png').run_all(nb, exc_stop=True, preproc=preproc)
    _write(nb, path, t0)

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('notebooks', nargs='*')
    ap.add_argument('--flags', default='')
    a = ap.parse_args()
    nbs = [Path(p).resolve() for p in a.notebooks] or sorted((ROOT/'nbs').glob('[0-9]*.ipynb'))
    for p in nbs: execute_run_page(p) if p.name == 'run.ipynb' else execute(p, a.flags.split())
    subprocess.run([str(Path(sys.executable).parent/'nbdev_clean')], cwd=ROOT, check=True)
