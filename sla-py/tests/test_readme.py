"""Every ```python block of README.md and sla-py/README.md runs as written,
and so does the example in the package docstring."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO

READMES = [REPO / "README.md", REPO / "sla-py" / "README.md"]
BLOCK = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def blocks(path: Path) -> list[str]:
    if not path.exists():
        return []
    return BLOCK.findall(path.read_text(encoding="utf-8"))


CASES = [
    pytest.param(code, id=f"{path.relative_to(REPO)}#{i + 1}")
    for path in READMES
    for i, code in enumerate(blocks(path))
]


def test_the_package_readme_has_python_examples() -> None:
    assert blocks(REPO / "sla-py" / "README.md"), "no ```python block in sla-py/README.md"


@pytest.mark.parametrize("code", CASES)
def test_readme_block_runs(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Examples name files relative to the repository root.
    monkeypatch.chdir(REPO)
    exec(compile(code, "<readme>", "exec"), {"__name__": "__readme__"})


def test_readme_blocks_are_found_in_fenced_code_only() -> None:
    text = "intro\n```python\nx = 1\n```\n```sh\nmake\n```\n```python\ny = 2\n```\n"
    assert BLOCK.findall(text) == ["x = 1\n", "y = 2\n"]


def test_the_package_docstring_example() -> None:
    import doctest

    import sla

    result = doctest.testmod(sla, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
