"""tools/mypy_baseline.py: errors compared without line numbers; strict modules known."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
_spec = importlib.util.spec_from_file_location("mypy_baseline", ROOT / "tools/mypy_baseline.py")
assert _spec and _spec.loader
mypy_baseline = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mypy_baseline)


def test_moving_code_does_not_change_an_error():
    before = 'src/tinhso/x.py:10: error: Name "y" already defined on line 4  [no-redef]'
    after = 'src/tinhso/x.py:42: error: Name "y" already defined on line 7  [no-redef]'
    assert mypy_baseline.key(before) == mypy_baseline.key(after)
    assert mypy_baseline.key(before).startswith("src/tinhso/x.py: error: ")


def test_the_strict_modules_come_from_pyproject():
    prefixes = mypy_baseline.strict_prefixes()
    for expected in [
        "src/tinhso/workcalendar/",
        "src/tinhso/audit/",
        "src/tinhso/core/",
        "src/tinhso/organisation/",
        "src/tinhso/dossiers/access.py",
        "src/tinhso/dossiers/intake.py",
        "src/tinhso/accounts/access.py",
    ]:
        assert expected in prefixes


def test_the_baseline_names_no_strict_module():
    strict = tuple(mypy_baseline.strict_prefixes())
    assert not [line for line in mypy_baseline.read_baseline() if line.startswith(strict)]
