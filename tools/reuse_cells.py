"""Seed a study's cells with identical cells another study already ran, instead of computing them again.

    python tools/reuse_cells.py studies/cpu_reconstruct.yaml studies/results/cpu_frontier

A cell is reused only when a complete cell of the source (a run folder or a committed snapshot) recorded the same
results key (`params_key`: every parameter that decides the result, `13_run`) as the target cell has today, and the
target cell has no result of its own. Its recorded files are copied (never moved, never overwriting) into the target
cell's folder, written as one directory swap, with `reused_from.json` saying from where. A cell whose key differs in
anything, a speed setting included, is left for the sweep to run.
"""
import shutil, sys
from pathlib import Path


def main(study_file, source):
    from llm_prune_nb.study import load_study, result_status
    from llm_prune_nb.io import read_json, write_json, atomic_dir
    from llm_prune_nb.record import result_files
    st = load_study(study_file, check_models_too=False)
    done = {}
    # the cells' own folders first (deepest), before copies such as a consolidation's best_*/ folders
    for m in sorted(Path(source).rglob('metrics.json'), key=lambda m: (-len(m.parts), str(m))):
        try: rec = read_json(m)
        except (ValueError, OSError): continue
        if isinstance(rec, dict) and rec.get('params_key') and (m.parent/'config.json').exists():
            done.setdefault(rec['params_key'], m.parent)
    n = 0
    for c in st.cells():
        src = done.get(c.key)
        if src is None or result_status(c) != 'todo' or c.folder.exists() and any(c.folder.iterdir()): continue
        with atomic_dir(c.folder) as tmp:
            for f in result_files(src):
                if (src/f).exists():
                    (tmp/f).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(src/f, tmp/f)
            prior = read_json(src/'reused_from.json') if (src/'reused_from.json').exists() else None
            write_json(tmp/'reused_from.json', {'source': str(src), 'params_key': c.key, 'reused_there_from': prior})
        print(f'{c.name}: reused {src}')
        n += 1
    print(f'{n} of {len(st.cells())} cells reused from {source}')

if __name__ == '__main__': main(*sys.argv[1:])
