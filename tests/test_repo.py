"Repository contracts that live outside the notebooks: README commands, CI entry, the package's shape, fast failures."
import ast, json, re, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT/'llm_prune_nb'
BIN = Path(sys.executable).parent

def readme_commands():
    return re.findall(r'```sh\n(.*?)\n```', (ROOT/'README.md').read_text(), re.S)

def test_readme_has_run_and_test_commands():
    cmds = readme_commands()
    assert any(re.search(r'papermill( --[\w-]+)* nbs/run.ipynb', c) for c in cmds), cmds
    assert any('nbdev_test' in c and 'pytest tests' in c for c in cmds), cmds

def test_ci_calls_the_readme_test_command():
    test_cmd = next(c for c in readme_commands() if 'nbdev_test' in c)
    assert test_cmd in (ROOT/'.ci'/'run').read_text().splitlines()

def test_readme_is_generated_from_index():
    r = subprocess.run([sys.executable, str(ROOT/'tools'/'readme.py'), '--check'], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr

def test_settings_keep_papermill_tags():
    ini = (ROOT/'settings.ini').read_text()
    assert re.search(r'^allowed_cell_metadata_keys\s*=\s*tags', ini, re.M)
    from nbdev.config import get_config
    assert set(get_config(path=ROOT).tst_flags.split()) == {'slow', 'cuda'}   # how nbdev_test reads it

def test_unavailable_model_fails_fast_in_a_fresh_process():
    "A real model without local weights fails, saying where it looked (a network retry loop would hit the timeout)."
    code = "from llm_prune_nb.models import load_model; load_model('Qwen')"
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, timeout=120,
                       env={'PATH': '/usr/bin:/bin', 'HOME': str(Path.home())})
    assert r.returncode != 0
    assert 'LLM_PRUNE_MODELS' in r.stderr and 'Qwen/Qwen2.5-7B' in r.stderr, r.stderr[-2000:]

# --- the package's shape ---------------------------------------------------------------------------------------

def _modules() -> dict:
    "{module: notebook number} from each exported module's header."
    out = {}
    for f in PKG.glob('*.py'):
        m = re.search(r'File to edit: \.\./nbs/(\d+)([a-z]?)_\w+\.ipynb', f.read_text())
        # 10a: after 10, 09b after 09a
        if m: out[f.stem] = int(m.group(1)) + (0.1 * (ord(m.group(2)) - 96) if m.group(2) else 0)
    return out

def _imports(mod:str) -> set:
    "The package modules `mod` imports anywhere in its file — at the top or lazily inside functions."
    tree, out = ast.parse((PKG/f'{mod}.py').read_text()), set()
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom) and n.module:
            name = n.module
            if n.level == 1: out.add(name.split('.')[0])
            elif name.startswith('llm_prune_nb.'): out.add(name.split('.')[1])
            elif name == 'llm_prune_nb': out |= {a.name for a in n.names}
        elif isinstance(n, ast.Import):
            out |= {a.name.split('.')[1] for a in n.names if a.name.startswith('llm_prune_nb.')}
    return out - {mod}

def test_no_import_cycle_and_imports_follow_the_reading_order():
    "Every module imports only modules of earlier notebooks (lazy imports included), so there is no cycle."
    mods = _modules()
    assert len(mods) >= 19, mods
    bad = [(m, i, mods[m], mods.get(i)) for m in mods for i in _imports(m) if i in mods and mods[i] >= mods[m]]
    assert not bad, f'imports against the reading order (module, imports, its notebook, theirs): {bad}'

# what a study check, the command line and the analysis import: none needs a model library
NO_TORCH = ('study', 'cli', 'sweep', 'record', 'results', 'compare', 'frontier', 'proxy', 'claims', 'curves',
            'consolidate', 'figures', 'tables')

def test_checks_and_analysis_import_no_model_library():
    "Importing the modules a study check or a consolidation reads, in a fresh process, imports neither torch nor transformers."
    code = ('import sys\n' + ''.join(f'import llm_prune_nb.{m}\n' for m in NO_TORCH) +
            'print(sorted(m for m in ("torch", "transformers", "peft", "lm_eval") if m in sys.modules))')
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == '[]', r.stdout

def test_exported_code_is_clean():
    "No unused import, no undefined name, no `;` chains, lines of at most 100 characters (ruff, pyflakes rules)."
    r = subprocess.run([str(BIN/'ruff'), 'check', '--select', 'F,E702,E703', '--ignore', 'F403,F405', '--no-cache',
                        '--exclude', 'llm_prune_nb/_modidx.py', str(PKG)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout[-3000:]
    long = []
    for f in PKG.glob('*.py'):
        if f.name == '_modidx.py': continue
        lines = f.read_text().splitlines()
        generated = {1}                       # nbdev writes the docstring and the `__all__` list
        for i0 in (i for i, l in enumerate(lines, 1) if l.startswith('__all__')):
            j = i0
            while not lines[j - 1].rstrip().endswith(']'): j += 1
            generated |= set(range(i0, j + 1))
        long += [f'{f.name}:{i}' for i, l in enumerate(lines, 1) if len(l) > 100 and i not in generated]
    assert not long, long

def test_notebook_code_fits_the_page():
    "Every line of notebook code is at most 100 characters: the docs site shows it without a scroll bar."
    long = [f'{nb.name} cell {i}: {l[:60]}…' for nb in sorted((ROOT/'nbs').glob('*.ipynb'))
            for i, c in enumerate(json.loads(nb.read_text())['cells']) if c['cell_type'] == 'code'
            for l in ''.join(c['source']).splitlines() if len(l) > 100]
    assert not long, f'{len(long)} lines over 100 characters: {long[:10]}'

def _code_lines(text:str):
    "The lines of `text` that carry code: no blanks, comments, imports, lone punctuation or nbdev cell markers."
    out = []
    for i, l in enumerate(text.splitlines(), 1):
        s = ' '.join(l.split())
        if not s or s.startswith(('#', 'import ', 'from ')) or not re.search(r'\w', s): continue
        out.append((i, s))
    return out

def test_no_repeated_runs_of_six_lines():
    """No run of six or more identical code lines appears twice in the package, tools, benchmarks, tests, or the
    notebooks' own code (test cells, `run.ipynb`, `report.ipynb`; export cells are the package)."""
    units = [(str(f.relative_to(ROOT)), _code_lines(f.read_text()))
             for d in ('llm_prune_nb', 'tools', 'benchmarks', 'tests') for f in sorted((ROOT/d).glob('*.py'))
             if f.name != '_modidx.py']
    for nb in sorted((ROOT/'nbs').glob('*.ipynb')):
        for j, c in enumerate(json.loads(nb.read_text())['cells']):
            s = ''.join(c['source'])
            if c['cell_type'] == 'code' and not s.startswith('#| export'):
                units.append((f'{nb.name} cell {j}', _code_lines(s)))
    seen, dup = {}, []
    for name, lines in units:
        for k in range(len(lines) - 5):
            key = tuple(s for _, s in lines[k:k + 6])
            where = f'{name}:{lines[k][0]}'
            if key in seen: dup.append((seen[key], where))
            seen.setdefault(key, where)
    assert not dup, dup[:10]

def test_committed_notebooks_show_no_machine_paths_or_stderr():
    "The docs site shows committed outputs: no stderr noise and no paths of the machine that ran them."
    pat = re.compile(r'/work/|/root/|/home/|/tmp/|/var/folders/')
    for nb in sorted((ROOT/'nbs').glob('*.ipynb')):
        for i, c in enumerate(json.loads(nb.read_text())['cells']):
            for o in c.get('outputs', []):
                assert not (o.get('output_type') == 'stream' and o.get('name') == 'stderr'), f'{nb.name} cell {i}: stderr'
                text = json.dumps(o.get('text', '')) + json.dumps(o.get('data', {}).get('text/plain', ''))
                assert not pat.search(text), f'{nb.name} cell {i}: {pat.search(text).group(0)}'

def test_gpu_check_runs_small_on_the_cpu():
    "The prepared GPU check runs here, smaller, and prints measured and predicted memory for every step."
    r = subprocess.run(['bash', str(ROOT/'benchmarks'/'gpu_check.sh'), '--cpu'], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    for step in ('gradients, lean', 'host buffer', 'plain', 'ΔL', 'perplexity'): assert step in r.stdout, step
    assert 'plain / lean' in r.stdout

def test_default_method_is_the_committed_best_at_20_percent():
    "The run notebook's default `method` has the lowest mean BPB at 20% of the nine in the committed `cpu_methods`."
    from llm_prune_nb.run import run_parameters
    f = ROOT/'studies'/'results'/'cpu_methods'/'consolidated_SmolLM2_0.2'/'method_comparison.json'
    rows = json.loads(f.read_text())['comparisons']
    bpb = {r['method']: r['value'] for r in rows if r['metric'] == 'bpb' and r['reference'] == 'dense'}
    assert len(bpb) == 9, bpb
    assert run_parameters()['method'] == min(bpb, key=bpb.get), sorted(bpb.items(), key=lambda kv: kv[1])

def _words(s:str) -> str: return ' '.join(s.replace('`', '').replace('*', '').split())

@pytest.mark.parametrize('study, file', [('cpu_frontier', 'frontier.json'), ('cpu_uniform', 'frontier.json'),
                                         ('cpu_reconstruct', 'frontier.json'), ('cpu_recovery', 'recovery.json')])
def test_readme_says_the_committed_findings(study, file):
    """Every finding of a committed study — a frontier's or an axis study's `frontier.json`, a recovery study's
    `recovery.json` — is on the landing page and in the README."""
    said = json.loads((ROOT/'studies'/'results'/study/file).read_text())['findings']
    assert said, f'the committed {study} has findings'
    index = _words(''.join(''.join(c['source']) for c in json.loads((ROOT/'nbs'/'index.ipynb').read_text())['cells']))
    readme = _words((ROOT/'README.md').read_text())
    for s in said:
        assert _words(s) in index, f'not on the landing page: {s}'
        assert _words(s) in readme, f'not in README.md: {s}'

def test_no_private_name_imported_across_modules():
    "Notebook code — export, test and report cells alike — imports no `_private` name of another module."
    found = []
    for p in sorted((ROOT/'nbs').glob('*.ipynb')):
        for c in json.loads(p.read_text())['cells']:
            if c['cell_type'] != 'code': continue
            for m in re.finditer(r'from llm_prune_nb[.\w]* import (\([^)]*\)|[^\n]*)', ''.join(c['source'])):
                names = [n.strip().split(' as ')[0] for n in m.group(1).strip('()').replace('\n', ' ').split(',')]
                found += [f'{p.name}: {n}' for n in names if n.startswith('_')]
    assert not found, found

def test_no_speedup_timed_under_load_is_reported():
    "cpu_frontier's consolidated tables give a PyTorch speedup only where a selected run was timed on a quiet machine."
    d = ROOT/'studies'/'results'/'cpu_frontier'
    quiet = {}
    for f in d.glob('SmolLM2/*/*/*/metrics.json'):
        m = json.loads(f.read_text())
        if m.get('speedup_decode') is None or not m.get('pruning_ratio') or m.get('recover_steps'): continue
        k = (m['pruning_ratio'], m['pruning_method'])
        quiet[k] = quiet.get(k, False) or m.get('speed_reliable') is True
    assert quiet, 'the committed frontier has timed runs'
    for f in d.glob('consolidated_*recover_steps=0/method_comparison.json'):
        for r in json.loads(f.read_text())['methods']:
            k = (float(re.search(r'pruning_ratio=([\d.]+)', r['group']).group(1)), r['method'])
            if k in quiet: assert (r['speedup_decode'] is not None) == quiet[k], (f.parent.name, k)

def test_run_defaults_follow_the_reconstruction_study():
    "The run notebook's method, reconstruct and allocation are cpu_reconstruct's lowest-BPB prune at 20%."
    f = ROOT/'studies'/'results'/'cpu_reconstruct'/'frontier.json'
    if not f.exists(): pytest.skip('cpu_reconstruct is not committed yet')
    from llm_prune_nb.run import run_parameters
    rows = [r for r in json.loads(f.read_text())['frontier'] if r['pruning_ratio'] == 0.2]
    best = min(rows, key=lambda r: r['bpb'])
    axes = dict(a.split('=') for a in best['group'].split(' · ')[1].split(','))
    p = run_parameters()
    assert (p['method'], p['reconstruct'], p['allocation']) == (best['best'], axes['reconstruct'], axes['allocation']), best

def test_report_only_loads_and_draws():
    """`report.ipynb` loads a saved consolidation and draws it: at most 250 lines of code, no consolidation or bootstrap
    of its own, no run file read by name (every analysis it shows is a package function with a notebook test)."""
    cells = json.loads((ROOT/'nbs'/'report.ipynb').read_text())['cells']
    code = '\n'.join(''.join(c['source']) for c in cells if c['cell_type'] == 'code')
    assert len(code.splitlines()) <= 250, len(code.splitlines())
    assert 'Consolidation.load(study_dir)' in code
    for banned in ('consolidate(', 'bootstrap', 'bh_adjust', 'samples.parquet', 'metrics.json', 'read_parquet'):
        assert banned not in code, banned
