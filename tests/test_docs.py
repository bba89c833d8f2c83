"The docs site, as a reader sees it: built offline from the committed notebooks and study results, opened in Chromium."
import functools, http.server, os, re, shutil, socket, subprocess, sys, threading
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
PAGES = ['index', 'report', 'report_calibration', 'run'] + [p.stem for p in sorted((ROOT/'nbs').glob('[0-9]*.ipynb'))]

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    d = tmp_path_factory.mktemp('docs')
    env = {**os.environ, 'SITE_DIR': str(d/'site')}
    r = subprocess.run([sys.executable, str(ROOT/'tools'/'docs.py')], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=1500)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return d/'site'

def _page(site, page): return site/'index.html' if page == 'index' else site/page/'index.html'

def test_site_has_every_page(site):
    for page in PAGES: assert _page(site, page).exists(), page

def test_pages_hold_no_hidden_cells_directives_machine_paths_or_stderr(site):
    for page in PAGES:
        html = _page(site, page).read_text()
        assert 'from fastcore.test import' not in html, f'{page}: a #| hide cell is visible'
        prose = re.sub(r'<code>#\|[^<]*</code>', '', html)      # prose may name a directive (`#| slow`) in inline code
        assert '#| ' not in prose and '#|\u00a0' not in prose, f'{page}: a directive is visible'
        assert not re.search(r'/work/|/root/|/home/|/tmp/', html), f'{page}: a machine path'
        assert 'vnd.jupyter.stderr' not in re.sub(r'<(script|style).*?</\1>', '', html, flags=re.S), f'{page}: stderr output'

def test_api_pages_show_signatures_tables_and_figures(site):
    prune = (site/'10_prune'/'index.html').read_text()
    assert 'prune_model' in prune and 'groups_after' in prune and prune.count('<table') >= 2
    assert re.search(r'def prune_model|prune_model\(', prune)
    diag = (site/'12_diagnostics'/'index.html').read_text()
    assert diag.count('data:image/png;base64') >= 3

def test_landing_page_links_every_notebook(site):
    html = (site/'index.html').read_text()
    for page in PAGES[1:]: assert f'href="{page}/"' in html or f'href="./{page}/"' in html, page

def _render(site, tmp_path, page):
    "Serve the site on localhost, open `page` in headless Chromium: (screenshot path, DOM)."
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', port), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    url, shot = f'http://127.0.0.1:{port}/{page}/', tmp_path/f'{page}.png'
    base = [CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync',
            f'--user-data-dir={tmp_path/"profile"}', '--hide-scrollbars', '--window-size=1280,4000',
            '--virtual-time-budget=5000']
    try:
        subprocess.run(base + [f'--screenshot={shot}', url], capture_output=True, timeout=120)
        dom = subprocess.run(base + ['--dump-dom', url], capture_output=True, text=True, timeout=120).stdout
    finally: srv.shutdown()
    return shot, dom

needs_chromium = pytest.mark.skipif(CHROMIUM is None and os.environ.get('CI') != 'true',
                                    reason='Debian chromium not installed (CI installs it)')

@needs_chromium
def test_report_renders_in_chromium(site, tmp_path):
    assert CHROMIUM, 'chromium is required in CI'
    shot, dom = _render(site, tmp_path, 'report')
    assert shot.exists() and shot.stat().st_size > 50_000, 'screenshot missing or blank'
    assert 'Report of a study' in dom and 'Accuracy with its uncertainty' in dom
    assert dom.index('Verdict') < dom.index('Accuracy with its uncertainty')            # the verdict first
    assert dom.count('<img') + dom.count('data:image/png') >= 4 and dom.count('<table') >= 3
    if os.environ.get('DOCS_SCREENSHOT'): shutil.copy(shot, Path(os.environ['DOCS_SCREENSHOT'])/'report.png')

def test_calibration_report_has_the_claims_and_their_verdicts(site):
    html = (site/'report_calibration'/'index.html').read_text()
    assert 'cpu_calibration' in html and "The reference study" in html
    for finding in ('a longer taylor_seq_len prunes better', 'more taylor_num_samples prune better',
                    'taylor is less stable across seeds'):
        assert finding in html, finding
    assert re.search(r'supported|contradicted|undecided at this size|mixed', html)
    assert 'not testable in this study' not in html.split('a longer taylor_seq_len prunes better')[1][:600]

@needs_chromium
def test_api_page_renders_in_chromium(site, tmp_path):
    assert CHROMIUM, 'chromium is required in CI'
    shot, dom = _render(site, tmp_path, '10_prune')
    assert shot.exists() and shot.stat().st_size > 50_000
    assert 'groups_after' in dom and 'prune_model' in dom and dom.count('<table') >= 2
    assert 'from fastcore.test import' not in dom
    shot2, dom2 = _render(site, tmp_path, '12_diagnostics')
    assert dom2.count('<img') + dom2.count('data:image/png') >= 3
    if os.environ.get('DOCS_SCREENSHOT'):
        shutil.copy(shot, Path(os.environ['DOCS_SCREENSHOT'])/'10_prune.png')
        shutil.copy(shot2, Path(os.environ['DOCS_SCREENSHOT'])/'12_diagnostics.png')
