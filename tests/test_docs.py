"The docs site, as a reader sees it: built offline, served on localhost, opened in headless Chromium."
import functools, http.server, os, shutil, socket, subprocess, sys, threading
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    from llm_prune_nb.sweep import load_study, sweep, tiny_study
    d = tmp_path_factory.mktemp('docs')
    st = load_study(tiny_study(d))
    sweep(st, progress=False)
    env = {**os.environ, 'SITE_DIR': str(d/'site'), 'VENV_BIN': str(Path(sys.executable).parent)}
    r = subprocess.run(['bash', str(ROOT/'tools'/'docs.sh'), str(st.folder)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    return d/'site'

def test_site_has_every_page(site):
    for page in ['index.html', 'report/index.html', '04_prune/index.html', '07_sweep/index.html', 'run/index.html']:
        assert (site/page).exists(), page

def test_report_page_has_tables_and_figures(site):
    html = (site/'report'/'index.html').read_text()
    assert html.count('<table') >= 3
    assert html.count('data:image/png;base64') + html.count('<img') >= 4

@pytest.mark.skipif(CHROMIUM is None and os.environ.get('CI') != 'true', reason='Debian chromium not installed (CI installs it)')
def test_report_renders_in_chromium(site, tmp_path):
    assert CHROMIUM, 'chromium is required in CI'
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', port), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        shot = tmp_path/'report.png'
        args = [CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                '--disable-background-networking', '--disable-component-update', '--disable-sync',
                f'--user-data-dir={tmp_path/"profile"}', '--hide-scrollbars', '--window-size=1280,3000',
                '--virtual-time-budget=5000', f'--screenshot={shot}', f'http://127.0.0.1:{port}/report/']
        subprocess.run(args, capture_output=True, timeout=120)
        dom = subprocess.run([a for a in args if not a.startswith('--screenshot')] [:-1] + ['--dump-dom', f'http://127.0.0.1:{port}/report/'],
                             capture_output=True, text=True, timeout=120).stdout
    finally: srv.shutdown()
    assert shot.exists() and shot.stat().st_size > 50_000, 'screenshot missing or blank'
    assert 'Report of a study' in dom and dom.count('<img') + dom.count('data:image/png') >= 4
    out = os.environ.get('DOCS_SCREENSHOT')
    if out: shutil.copy(shot, out)
