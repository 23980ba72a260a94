"""board/domain stays pure, and bleach is called from one module only."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BOARD = ROOT / "board"
DOMAIN = BOARD / "domain"
TEMPLATES = ROOT / "templates"
MARKDOWN = DOMAIN / "markdown.py"

# markdown.py is the one domain module that may call the parser and the sanitizer.
MARKDOWN_EXTRAS = frozenset({"markdown_it", "mdit_py_plugins", "linkify_it", "bleach"})


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line, absolute module name) for every import in a module, nested ones too."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # Resolve "from . import x" / "from ..models import y" against the package.
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                yield node.lineno, f"{base}.{node.module}" if node.module else base
            else:
                yield node.lineno, node.module or ""


def is_allowed(module: str, path: Path) -> bool:
    """Return whether a domain module may import this module."""
    top = module.split(".")[0]
    if top in sys.stdlib_module_names:
        return True
    if module == "board.domain" or module.startswith("board.domain."):
        return True
    return path == MARKDOWN and top in MARKDOWN_EXTRAS


def test_domain_modules_import_only_the_standard_library_and_the_domain() -> None:
    modules = sorted(DOMAIN.rglob("*.py"))
    assert DOMAIN / "threads.py" in modules  # the walk looks in the right place

    offences = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in modules
        for line, module in imported_modules(path)
        if not is_allowed(module, path)
    ]

    assert offences == []


def test_only_the_markdown_module_uses_bleach() -> None:
    sources = sorted(p for p in BOARD.rglob("*.py") if p != MARKDOWN)
    assert sources

    offences = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in sources
        for line, module in imported_modules(path)
        if module.split(".")[0] == "bleach"
    ]
    # A text search as well, for importlib tricks the AST walk would not see.
    offences += [
        str(path.relative_to(ROOT))
        for path in sources
        if "import bleach" in (text := path.read_text(encoding="utf-8")) or "from bleach" in text
    ]
    offences += [
        str(path.relative_to(ROOT))
        for path in (sorted(TEMPLATES.rglob("*")) if TEMPLATES.is_dir() else [])
        if path.is_file() and "bleach" in path.read_text(encoding="utf-8", errors="replace")
    ]

    assert offences == []
