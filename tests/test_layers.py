"""Dependencies point one way: monitor <- indicators <- submissions <- reports."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("monitor", "indicators", "submissions", "reports")
#: The app factory wires every package together; it alone may import upwards.
WIRING = {ROOT / "monitor" / "app.py"}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", LAYERS)
def test_no_module_imports_a_later_layer(layer):
    allowed = set(LAYERS[: LAYERS.index(layer) + 1])
    offences = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        if path in WIRING:
            continue
        for package in imported_packages(path) & set(LAYERS) - allowed:
            offences.append(f"{path.relative_to(ROOT)} imports {package}")
    assert offences == []


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "upward.py"
    module.write_text("from reports.views import blueprint\nimport submissions.models\n")
    assert imported_packages(module) == {"reports", "submissions"}
