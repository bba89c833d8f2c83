"""Build the docs site into site/ (or $SITE_DIR) from the notebooks, the way nbdev_docs would render them.

    python tools/docs.py [STUDY_DIR]     (default: the committed CPU methods study, studies/results/cpu_methods)

nbdev renders its docs through Quarto, which cannot be installed on our machines. This keeps nbdev's own notebook
processing — `nbdev.processors.FilterDefaults`, the processors `nbdev_docs` runs: `#| hide` cells removed, directives
stripped, a `show_doc` signature and docstring after every exported definition — and renders the processed notebooks
with MkDocs Material + mkdocs-jupyter instead of Quarto.

Exported definitions are shown as nbdev shows `#| exports` cells: the `show_doc` signature and docstring first, then
the code, without its directives (cells that only import stay hidden, as `#| export` cells are in nbdev's docs).

The API notebooks are committed with their outputs (nbdev's practice): the site shows what `tools/execute_nbs.py`
computed, without running the notebooks again. `report.ipynb` is executed here with papermill on a study folder
(the report page) and on the committed calibration study (the calibration report page).
Stream output to stderr (progress bars, warnings) is dropped from every page; the papermill-injected parameters cell
is dropped too (the notebook's own parameters cell shows the values).
"""
import os, re, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT/'.docs_src'
CALIBRATION = ROOT/'studies'/'results'/'cpu_calibration'   # the reference study's claims, tested: a second report page

def _front_matter(cell) -> str:
    "The page title and summary of nbdev's front matter cell, as markdown."
    import yaml
    fm = yaml.safe_load(cell.source.strip().strip('-')) or {}
    return f"# {fm.get('title', '')}\n\n> {fm.get('description', '')}" if fm.get('title') else ''

def _clean(nb):
    "Quarto's cell options to what MkDocs renders; no stderr, no papermill cell; landing-page links to site pages."
    cells = []
    for c in nb.cells:
        if 'injected-parameters' in c.get('metadata', {}).get('tags', []): continue
        if c.cell_type == 'raw':
            if (title := _front_matter(c)): cells.append(dict(cell_type='markdown', metadata={}, source=title))
            continue
        if c.cell_type == 'code':
            opts = re.findall(r'^#\|\s*(.*)$', c.source, re.M)
            if 'echo: false' in opts: c.metadata.setdefault('tags', []).append('remove_input')
            c.source = re.sub(r'^#\|.*\n?', '', c.source, flags=re.M).strip('\n')
            c.outputs = [o for o in c.get('outputs', []) if not (o.get('output_type') == 'stream' and o.get('name') == 'stderr')]
        else: c.source = re.sub(r'\]\(nbs/([\w.-]+)\.ipynb\)', r'](\1.ipynb)', c.source)
        cells.append(c)
    nb.cells = cells
    return nb

def _show_definitions(nb):
    "Turn `#| export` cells that define something into `#| exports` cells (exported and shown after their show_doc)."
    import ast
    for c in nb.cells:
        if c.cell_type != 'code' or not re.match(r'#\|\s*export\s*$', c.source.split('\n', 1)[0]): continue
        try: body = ast.parse(c.source).body
        except SyntaxError: continue
        if any(isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Assign, ast.AnnAssign)) for n in body):
            c.source = re.sub(r'^#\|\s*export\s*$', '#| exports', c.source, count=1, flags=re.M)
    return nb

def process(src:Path, dst:Path):
    "Apply nbdev's docs processors to notebook `src` and write the result to `dst`."
    from execnb.nbio import read_nb, write_nb
    from nbdev.processors import FilterDefaults
    from fastcore.xtras import working_directory
    nb = _show_definitions(read_nb(src))
    with working_directory(src.parent): FilterDefaults()(nb)
    write_nb(_clean(nb), dst)

def main(study_dir=None):
    study_dir = Path(study_dir or ROOT/'studies'/'results'/'cpu_methods').resolve()
    if not (study_dir/'study.yaml').exists(): sys.exit(f'no study in {study_dir}: run llm-prune sweep first')
    shutil.rmtree(SRC, ignore_errors=True)
    SRC.mkdir()
    for nb in sorted((ROOT/'nbs').glob('*.ipynb')):
        if nb.name != 'report.ipynb': process(nb, SRC/nb.name)
    import papermill as pm
    for page, d in (('report', study_dir), ('report_calibration', CALIBRATION)):
        rel = os.path.relpath(d, ROOT)   # a relative path: no machine path on the page
        pm.execute_notebook(str(ROOT/'nbs'/'report.ipynb'), str(SRC/f'{page}.ipynb'), parameters={'study_dir': rel},
                            cwd=str(ROOT), progress_bar=False, log_output=False)
        process(SRC/f'{page}.ipynb', SRC/f'{page}.ipynb')
    site = os.environ.get('SITE_DIR')
    env = {**os.environ, 'NO_MKDOCS_2_WARNING': '1'}
    subprocess.run([str(Path(sys.executable).parent/'mkdocs'), 'build', '--quiet', '-f', str(ROOT/'mkdocs.yml')]
                   + (['--site-dir', site] if site else []), check=True, cwd=ROOT, env=env)
    print(f"docs site: {Path(site or ROOT/'site').resolve()} (serve: python -m http.server -d {site or 'site'} 8000)")

if __name__ == '__main__': main(*sys.argv[1:])
