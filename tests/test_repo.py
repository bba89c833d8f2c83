"Repository contracts that live outside the notebooks: README commands, CI entry, fast failures in a fresh process."
import re, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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
    "No network retry loop: a real model without local weights fails within seconds, saying where it looked."
    code = "from llm_prune_nb.models import load_model; load_model('Qwen')"
    t0 = time.time()
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, timeout=120,
                       env={'PATH': '/usr/bin:/bin', 'HOME': str(Path.home())})
    assert r.returncode != 0
    assert 'LLM_PRUNE_MODELS' in r.stderr and 'Qwen/Qwen2.5-7B' in r.stderr, r.stderr[-2000:]
    assert time.time() - t0 < 60
