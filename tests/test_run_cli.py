"The run notebook through papermill's command line, as a user calls it: bad input fails fast and clearly."
import subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAPERMILL = [sys.executable, '-m', 'papermill']

def run(tmp_path, *params):
    args = [a for k, v in params for a in ('-p', k, str(v))]
    r = subprocess.run(PAPERMILL + [str(ROOT/'nbs'/'run.ipynb'), str(tmp_path/'out.ipynb'), *args, '-p', 'out_dir', str(tmp_path/'run')],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    return r

def failing_cell(nb_path):
    import nbformat
    nb = nbformat.read(nb_path, as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == 'code' and any(o.get('output_type') == 'error' for o in c.outputs))

def test_bad_method_fails_before_the_model_loads(tmp_path):
    r = run(tmp_path, ('model', 'SmolLM2'), ('method', 'foo'))
    assert r.returncode != 0 and "method='foo'" in r.stderr + r.stdout
    src = failing_cell(tmp_path/'out.ipynb')
    assert 'check_params(' in src and 'load_model(' not in src
    assert not (tmp_path/'run'/'metrics.json').exists()

def test_bad_ratio_fails(tmp_path):
    r = run(tmp_path, ('model', 'SmolLM2'), ('pruning_ratio', 1.5))
    assert r.returncode != 0 and 'pruning_ratio=1.5' in r.stderr + r.stdout
    assert 'check_params(' in failing_cell(tmp_path/'out.ipynb')

def test_unavailable_model_fails_saying_where_it_looked(tmp_path):
    r = run(tmp_path, ('model', 'Qwen'))      # no network retries: a retry loop would run into run()'s timeout
    assert r.returncode != 0 and 'LLM_PRUNE_MODELS' in r.stderr + r.stdout

def test_injected_code_stops_the_run(tmp_path):
    "A -p name is code (papermill's design); the notebook refuses to go on when it defined anything but parameters."
    name = f'x = 0; open("{tmp_path}/PWNED", "w").write("1"); y'
    r = run(tmp_path, ('model', 'tiny-qwen2'), (name, 1))
    assert r.returncode != 0 and "['x', 'y'] are not parameters" in r.stderr + r.stdout
    assert 'check_injected(' in failing_cell(tmp_path/'out.ipynb')
    assert not (tmp_path/'run'/'metrics.json').exists()
