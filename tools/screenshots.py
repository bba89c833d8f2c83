"""Screenshot every page of the docs site at 1400 px, as a reader sees it: one look at each page.

    python tools/screenshots.py [SITE_DIR] [OUT_DIR]     (defaults: site/, site_screenshots/)

Serves the built site (`bash tools/docs.sh` first) on a free localhost port and opens each page in headless
Chromium (Debian's `chromium`, the docs test's browser) at 1400 px wide and as tall as the page, writing one PNG per
page. Look at every one: a table cut at the column's edge, a figure squeezed below its drawn size, a page that opens
with paragraphs instead of its answer — the docs test (`tests/test_docs.py`) checks what can be measured; this is
for the rest.
"""
import functools, http.server, shutil, socket, subprocess, sys, tempfile, threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args): pass

def pages(site:Path) -> list[str]:
    "Every page of the site: its folder name ('index' for the landing page)."
    return ['index'] + sorted(p.parent.name for p in site.glob('*/index.html') if p.parent.name != 'search')

def main(site='site', out='site_screenshots', width:int=1400, height:int=6000):
    site, out = (ROOT/site).resolve(), (ROOT/out).resolve()
    chromium = shutil.which('chromium') or shutil.which('chromium-browser')
    if chromium is None: sys.exit('needs Debian chromium (apt-get install chromium)')
    if not (site/'index.html').exists(): sys.exit(f'{site}: no site; build it with bash tools/docs.sh')
    out.mkdir(parents=True, exist_ok=True)
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', port), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        with tempfile.TemporaryDirectory() as profile:
            for page in pages(site):
                url = f'http://127.0.0.1:{port}/' + ('' if page == 'index' else f'{page}/')
                shot = out/f'{page}.png'
                subprocess.run([chromium, '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
                                '--disable-background-networking', '--disable-component-update', '--disable-sync',
                                f'--user-data-dir={profile}', '--hide-scrollbars', f'--window-size={width},{height}',
                                '--virtual-time-budget=6000', f'--screenshot={shot}', url],
                               capture_output=True, timeout=120)
                print(f'{shot.relative_to(ROOT)}: {shot.stat().st_size // 1024} kB' if shot.exists()
                      else f'{page}: no screenshot')
    finally: srv.shutdown()

if __name__ == '__main__': main(*sys.argv[1:])
