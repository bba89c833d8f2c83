"""Keep the complete cells of a study that is still running in a small tracked folder, so a later session (whose work
tree starts without runs/) can take them back with tools/reuse_cells.py instead of computing them again.

    python tools/keep_cells.py studies/cpu_reconstruct.yaml studies/partial/cpu_reconstruct
    python tools/reuse_cells.py studies/cpu_reconstruct.yaml studies/partial/cpu_reconstruct   # next session

It copies what a snapshot keeps (`metrics.json`, `config.json`, `evaluation/`, `analysis/pruning_comparison.json`) and
`reused_from.json`, for every cell whose status is `done`; it writes only under the destination, replacing that folder
as one swap. The folder is not a result: `tools/snapshot_study.py` makes the committed snapshot when the study ends.
"""
import shutil, sys
from pathlib import Path


def main(study_file, dest):
    from llm_prune_nb.study import load_study, cell_status
    from llm_prune_nb.io import atomic_dir
    from llm_prune_nb.record import result_files
    st, n = load_study(study_file, check_models_too=False), 0
    with atomic_dir(dest) as tmp:
        for c in st.cells():
            if cell_status(c) != 'done': continue
            for f in result_files(c.folder) + [Path('reused_from.json')] * (c.folder/'reused_from.json').exists():
                if (c.folder/f).exists():
                    out = tmp/c.folder.relative_to(st.folder)/f
                    out.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(c.folder/f, out)
            n += 1
    print(f'{n} of {len(st.cells())} cells kept in {dest}')

if __name__ == '__main__': main(*sys.argv[1:])
