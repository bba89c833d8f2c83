"""Every committed study re-consolidates to the files committed with it: the analysis code as it is now gives the
same tables, comparisons, findings, claims, proxy check, recovery curves, report text and `consolidation.json`, byte
for byte (`tools/reconsolidate.py` on a scratch copy; the committed tree is never written)."""
import os, sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))
STUDIES = sorted(p.parent.name for p in (ROOT/'studies'/'results').glob('*/study.yaml'))
# minutes on two cores (thousands of documents per pair, 28 pairs, four measures): with SLOW_TESTS=1 only
SLOW = {'cpu_fullsets'}

def test_every_committed_study_is_checked():
    assert len(STUDIES) >= 7, STUDIES

@pytest.mark.parametrize('study', STUDIES)
def test_committed_study_reconsolidates_unchanged(study):
    if study in SLOW and not os.environ.get('SLOW_TESTS'): pytest.skip(f'{study}: slow; SLOW_TESTS=1 runs it')
    from reconsolidate import check
    problems = check(ROOT/'studies'/'results'/study)
    assert not problems, f'{study}: ' + '; '.join(problems)
