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
Known noise on stderr (progress bars, the IProgress notice) is dropped from every page; anything else on stderr — a
real warning — is printed in the build log and stays on its page, where the docs test fails on it. The
papermill-injected parameters cell stays (it says which settings produced a page's numbers); on the report pages it
replaces the notebook's default parameters cell, on the run page it follows it (the defaults document every
parameter).

nbdev's site (Quarto) renders `show_doc` as markdown; mkdocs-jupyter would render it as a cell output (an `Out[0]`
prompt, no table-of-contents entry), so each `show_doc` output becomes a markdown cell here, its signature written
as nbdev writes it — `class` for a class (a dataclass with its fields), one argument per line when it is long.
Headings lose their backticks (MkDocs' table of contents drops inline code). On an API page the sections on a real
model ("The real number: SmolLM2 …") move up under the title, so a reader meets the result before the tiny-model
checks. `tools/docs.css` makes the content column wider and wraps long code lines instead of cutting them.
"""
import importlib, inspect, os, re, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT/'.docs_src'
METHODS = ROOT/'studies'/'results'/'cpu_methods'             # the nine methods: the main report page
CALIBRATION = ROOT/'studies'/'results'/'cpu_calibration'   # the reference study's claims, tested: a second report page
FRONTIER = ROOT/'studies'/'results'/'cpu_frontier'         # the frontier over pruning ratios: a third
FULLSETS = ROOT/'studies'/'results'/'cpu_fullsets'         # the CPU proxy against full test sets: a fourth
UNIFORM = ROOT/'studies'/'results'/'cpu_uniform'           # per-layer against uniform allocation: a fifth
RECONSTRUCT = ROOT/'studies'/'results'/'cpu_reconstruct'   # least-squares refit and searched sizes: a sixth
RECOVERY = ROOT/'studies'/'results'/'cpu_recovery'         # recovery curves by tokens, LoRA against full: a seventh

def _front_matter(cell) -> str:
    "The page title and summary of nbdev's front matter cell, as markdown."
    import yaml
    fm = yaml.safe_load(cell.source.strip().strip('-')) or {}
    return f"# {fm.get('title', '')}\n\n> {fm.get('description', '')}" if fm.get('title') else ''

NOISE = re.compile('|'.join([
    r'\d+%\||it/s\]|s/it\]|\d+/\d+ \[|^\s*$',         # tqdm progress bars and their carriage returns
    r'IProgress not found', r'^\s*from \.autonotebook import tqdm',   # tqdm.auto without ipywidgets
    # lm-eval's notes on what we do on purpose: an already-loaded model, zero-shot for every task
    r'^`pretrained` model kwarg is not of type `str`', r'^Passed an already-initialized model through `pretrained`',
    r'^Overwriting default num_fewshot of \w+ from None to 0',
    # ... and its left truncation of a request longer than the model (a 64-token tiny model, on purpose)
    r"^Combined length of context \(\d+\) and continuation \(\d+\) exceeds model's maximum length",
    # lm-eval's own task configs (boolq, winogrande) leave aggregation to its default, and say so
    r'^\[Task: \w+\] metric \w+ is defined, but (aggregation|higher_is_better) is not']))

def stderr_noise(text) -> bool:
    "Whether stderr `text` is only known noise: progress bars (tqdm), the IProgress notice, lm-eval's notes."
    text = ''.join(text) if isinstance(text, list) else str(text)
    return all(NOISE.search(l) for l in re.split(r'[\r\n]+', text))

def _signature(obj, name:str) -> str:
    "`def name(...)` / `class name(...)` of `obj`, one argument per line when the one-line form is long."
    kind = 'class' if inspect.isclass(obj) else 'def'
    try: sig = inspect.signature(obj)
    except (TypeError, ValueError): return f'{kind} {name}'
    ps = [str(p) for p in sig.parameters.values()]
    ret = '' if kind == 'class' or sig.return_annotation is inspect.Signature.empty else f' -> {sig.return_annotation}'
    one = f"{kind} {name}({', '.join(ps)}){ret}"
    return one if len(one) <= 88 else f'{kind} {name}(\n' + ''.join(f'    {p},\n' for p in ps) + f'){ret}'

def _show_doc_cell(c, module):
    "A `show_doc(x)` cell as the markdown cell nbdev's site would show: heading, signature, docstring, arguments."
    md = c.outputs[0]['data']['text/markdown']
    md = ''.join(md) if isinstance(md, list) else md
    name = re.match(r'show_doc\((.+)\)$', c.source.strip()).group(1)
    obj = getattr(module, name.split('.')[0], None) if module else None
    for part in name.split('.')[1:]: obj = getattr(obj, part, None)
    if obj is not None:
        md = re.sub(r'```python\n.*?\n```', lambda _: f'```python\n{_signature(obj, name.split(".")[-1])}\n```', md,
                    count=1, flags=re.S)
    cid = c.get('id') or 'doc-' + re.sub(r'\W', '-', name)    # nbdev's inserted show_doc cells have no id
    return dict(cell_type='markdown', id=cid, metadata={}, source=md)

def _clean(nb, module=None, keep_defaults:bool=False):
    "Quarto's cell options to what MkDocs renders; no noise, no papermill cell; landing-page links to site pages."
    cells, injected = [], any('injected-parameters' in c.get('metadata', {}).get('tags', []) for c in nb.cells)
    for c in nb.cells:
        tags = c.get('metadata', {}).get('tags', [])
        if 'parameters' in tags and not keep_defaults and injected: continue   # the values that ran are shown
        if c.cell_type == 'raw':
            if (title := _front_matter(c)): cells.append(dict(cell_type='markdown', id=c.get('id') or 'title',
                                                                  metadata={}, source=title))
            continue
        if c.cell_type == 'code':
            opts = re.findall(r'^#\|\s*(.*)$', c.source, re.M)
            if 'echo: false' in opts: c.metadata.setdefault('tags', []).append('remove_input')
            c.source = re.sub(r'^#\|.*\n?', '', c.source, flags=re.M).strip('\n')
            if c.source.startswith('show_doc(') and c.get('outputs') and 'text/markdown' in c.outputs[0].get('data', {}):
                cells.append(_show_doc_cell(c, module))
                continue
            c.outputs = [o for o in c.get('outputs', []) if not noise_output(o)]
            for o in c.outputs:
                if o.get('output_type') == 'stream' and o.get('name') == 'stderr':
                    text = ''.join(o.text) if isinstance(o.text, list) else o.text
                    print(f'WARNING on a page, cell {len(cells)}: {text.strip()[:500]}', file=sys.stderr)
        else:
            c.source = re.sub(r'\]\(nbs/([\w.-]+)\.ipynb\)', r'](\1.ipynb)', c.source)
            c.source = re.sub(r'\]\((studies/results/[\w./=,-]+\.png)\)', _figure_link, c.source)
            c.source = re.sub(r'^(#+ .*)$', lambda m: m.group(1).replace('`', ''), c.source, flags=re.M)
        cells.append(c)
    nb.cells = cells
    return nb

def _figure_link(m) -> str:
    "A committed study figure a page links to (the README's path), copied into the site beside the page."
    src = ROOT/m.group(1)
    dst = SRC/'figures'/m.group(1).replace('/', '_')
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(src, dst)
    return f'](figures/{dst.name})'

REAL = re.compile(r'^(#{2,3}) (The real (number|numbers|thing)\b.*)$', re.M)

def _results_first(nb):
    "Move each section on a real model ('## The real number…') to the top of an API page, under its title."
    cells, blocks, i = nb.cells, [], 0
    while i < len(cells):
        m = REAL.match(cells[i].source) if cells[i].cell_type == 'markdown' else None
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(cells) and not (cells[j].cell_type == 'markdown' and
                                      re.match(r'^#{2,%d} ' % len(m.group(1)), cells[j].source)):
            j += 1
        blocks.append(cells[i:j])
        del cells[i:j]
    if blocks:
        head = next(k for k, c in enumerate(cells) if c.cell_type == 'markdown') + 1   # after the title
        from fastcore.basics import AttrDict
        note = AttrDict(cell_type='markdown', id='results-first', metadata={}, source=(
            '*The results on a real model come first; the code that computes them uses the definitions further '
            'down this page.*'))
        cells[head:head] = [note] + [c for b in blocks for c in b]
    return nb

def noise_output(o) -> bool:
    "Whether output `o` is stderr that is only known noise."
    return o.get('output_type') == 'stream' and o.get('name') == 'stderr' and stderr_noise(o.get('text', ''))

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
    exp = re.search(r'^#\|\s*default_exp\s+(\S+)', '\n'.join(c.source for c in nb.cells), re.M)
    module = importlib.import_module(f'llm_prune_nb.{exp.group(1)}') if exp else None
    with working_directory(src.parent): FilterDefaults()(nb)
    if exp: nb = _results_first(nb)
    write_nb(_clean(nb, module, keep_defaults=src.name == 'run.ipynb'), dst)   # the run page: defaults and what ran

def pending_page(page:str, d:Path):
    "The page of a study whose results are not committed yet: what it will show, and how to produce it."
    import nbformat
    name = d.name
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        f'# Study `{name}`: not run yet\n\nThis study has not been run yet: the results of '
        f'`studies/{name}.yaml` are not committed, so '
        'this page has no numbers. The study file says what it measures and what it costs; to produce the '
        f'page:\n\n```sh\n.venv/bin/llm-prune sweep studies/{name}.yaml\n'
        f'.venv/bin/llm-prune consolidate studies/{name}.yaml\n'
        f'.venv/bin/python tools/snapshot_study.py runs/{name} studies/results/{name}\n'
        'bash tools/docs.sh\n```')])
    nbformat.write(nb, SRC/f'{page}.ipynb')
    print(f'{page}: {os.path.relpath(d, ROOT)} is not committed: a page that says so')

def main(study_dir=None):
    study_dir = Path(study_dir or METHODS).resolve()
    if not (study_dir/'study.yaml').exists(): sys.exit(f'no study in {study_dir}: run llm-prune sweep first')
    shutil.rmtree(SRC, ignore_errors=True)
    SRC.mkdir()
    shutil.copy(ROOT/'tools'/'docs.css', SRC/'docs.css')
    for nb in sorted((ROOT/'nbs').glob('*.ipynb')):
        if nb.name != 'report.ipynb': process(nb, SRC/nb.name)
    from llm_prune_nb.consolidate import run_report
    for page, d, extra in (('report', study_dir, {}), ('report_calibration', CALIBRATION, {}),
                           ('report_frontier', FRONTIER, {}), ('report_uniform', UNIFORM, {}),
                           ('report_reconstruct', RECONSTRUCT, {}), ('report_recovery', RECOVERY, {}),
                           # the proxy's own study: cpu_methods scored its 40 documents on the same prunes
                           ('report_fullsets', FULLSETS, {'proxy_study': os.path.relpath(METHODS, ROOT),
                                                          'rounding_check': 'studies/results/rounding_gap.json'})):
        if not (d/'study.yaml').exists():
            pending_page(page, d)
            continue
        run_report(d, SRC/f'{page}.ipynb', **extra)     # what `llm-prune report` runs
        process(SRC/f'{page}.ipynb', SRC/f'{page}.ipynb')
    site = os.environ.get('SITE_DIR')
    env = {**os.environ, 'NO_MKDOCS_2_WARNING': '1'}
    subprocess.run([str(Path(sys.executable).parent/'mkdocs'), 'build', '-f', str(ROOT/'mkdocs.yml')]
                   + (['--site-dir', site] if site else []), check=True, cwd=ROOT, env=env)
    print(f"docs site: {Path(site or ROOT/'site').resolve()} (serve: python -m http.server -d {site or 'site'} 8000)")

if __name__ == '__main__': main(*sys.argv[1:])
