"""Consolidate committed study snapshots again, in a scratch copy, and compare every file with the committed one.

    python tools/reconsolidate.py                                   # every study under studies/results/
    python tools/reconsolidate.py studies/results/cpu_uniform ...   # some
    python tools/reconsolidate.py --into /tmp/new studies/results/cpu_uniform   # and keep the fresh files there

A refactoring of the analysis must not change a result: this consolidates each snapshot (and its recovery curves)
with the code as it is now, in a temporary copy, and compares the files consolidation writes — the consolidated
tables, the comparisons, the frontier, the claims, the proxy check, the recovery curves, the final report and
`consolidation.json` — byte for byte with the
committed ones. The committed tree is never written. Exit status 1 if a file differs or is missing (each printed with
its first differing line), 0 if all are identical.
"""
import difflib, filecmp, shutil, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def outputs(folder:Path) -> set:
    "The files of a study folder that consolidation writes: everything but the run folders and the report's figures."
    runs = {p.parent for p in folder.rglob('metrics.json') if not p.parent.name.startswith('best_')}
    return {p.relative_to(folder) for p in folder.rglob('*') if p.is_file()
            and p.parts[len(folder.parts)] != 'report' and not any(r in p.parents for r in runs)
            and p.name != 'study.yaml'}

def check(snapshot:Path, into:Path|None=None) -> list[str]:
    """The differences between `snapshot`'s committed outputs and a fresh consolidation of it (kept in
    `into/<name>` if given)."""
    from llm_prune_nb.study import load_study
    from llm_prune_nb.consolidate import consolidate
    with tempfile.TemporaryDirectory() as d:
        copy = Path(d)/snapshot.name
        shutil.copytree(snapshot, copy)
        for f in outputs(copy): (copy/f).unlink()            # nothing committed survives unless rewritten
        st = load_study(copy/'study.yaml', root=copy.parent, check_models_too=False)
        consolidate(st)                                        # the recovery curves too
        old, new, problems = outputs(snapshot), outputs(copy), []
        for f in sorted(old | new):
            if f not in new: problems.append(f'{f}: not written any more')
            elif f not in old: problems.append(f'{f}: new')
            elif not filecmp.cmp(snapshot/f, copy/f, shallow=False):
                a, b = ((p/f).read_text(errors='replace').splitlines() for p in (snapshot, copy))
                first = next((x for x in difflib.unified_diff(a, b, lineterm='', n=0)
                              if x[:1] in '+-' and x[:3] not in ('+++', '---')), '')
                problems.append(f'{f}: differs ({first[:160]})')
        if into:
            for f in new:
                (into/snapshot.name/f).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(copy/f, into/snapshot.name/f)
        return problems

def main(*args):
    into = Path(args[1]) if args[:1] == ('--into',) else None
    folders = args[2:] if into else args
    folders = [Path(f) for f in folders] or sorted(p.parent for p in (ROOT/'studies'/'results').glob('*/study.yaml'))
    bad = 0
    for f in folders:
        problems = check(f.resolve(), into)
        print(f"{f.name}: {'identical' if not problems else f'{len(problems)} file(s) differ'}")
        for p in problems: print('   ', p)
        bad += bool(problems)
    return int(bad > 0)

if __name__ == '__main__': sys.exit(main(*sys.argv[1:]))
