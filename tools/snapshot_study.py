"""Copy the results of a swept study into a small tracked snapshot, consolidate it there, and draw its report figures.

    python tools/snapshot_study.py runs/cpu_methods studies/results/cpu_methods

From each complete cell it keeps what the report and the consolidation read — `metrics.json`, `config.json`,
`evaluation/` (with `samples.parquet`, one row per document), `analysis/pruning_comparison.json` and a recovery's
`checkpoints/` (`result_files`) — and leaves out
the executed notebook, the figures of each run, the group tables, any saved model and the study cache; the paths
they record inside the study folder become relative to it (as a sweep now writes them). Then it
consolidates the snapshot (the reference study's files) and executes `nbs/report.ipynb` on it with
`save_figures=True`, so the figures are committed beside the tables. The docs site renders the report from here.
"""
import shutil, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def main(src, dst):
    "Snapshot study folder `src` into `dst` (paths relative to the repository root, as every path it records)."
    import os, tempfile
    from llm_prune_nb.study import load_study, cell_status
    from llm_prune_nb.consolidate import consolidate
    from llm_prune_nb.record import result_files
    src, dst = (Path(os.path.relpath(Path(p).resolve(), ROOT)) for p in (src, dst))
    os.chdir(ROOT)
    st = load_study(src/'study.yaml', root=src.parent, check_models_too=False)
    if dst.exists(): shutil.rmtree(dst)
    dst.mkdir(parents=True)
    import yaml
    (dst/'study.yaml').write_text(yaml.safe_dump({**yaml.safe_load((src/'study.yaml').read_text()), 'root': '..'},
                                                 sort_keys=False))
    prefix = str(src.resolve()) + os.sep     # paths a run recorded inside its study folder: relative in the snapshot
    done = 0
    for c in st.cells():
        if cell_status(c) != 'done': continue
        for f in result_files(c.folder):
            if (c.folder/f).exists():
                out = dst/c.folder.relative_to(st.folder)/f
                out.parent.mkdir(parents=True, exist_ok=True)
                if out.suffix == '.json': out.write_text((c.folder/f).read_text().replace(prefix, ''))
                else: shutil.copy(c.folder/f, out)
        done += 1
    snap = load_study(dst/'study.yaml', root=dst.parent, check_models_too=False)
    print(consolidate(snap).report)           # its recovery curves and consolidation.json too
    with tempfile.TemporaryDirectory() as d:
        from llm_prune_nb.consolidate import run_report
        run_report(dst, f'{d}/report.ipynb', save_figures=True)      # what `llm-prune report` runs
    print(f'{done} complete cells of {len(st.cells())} copied into {dst}')

if __name__ == '__main__': main(*sys.argv[1:])
