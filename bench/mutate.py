"""Mutation testing for our small pure modules: do the tests hold the rules?

    .venv/bin/python bench/mutate.py hooks/publication.py tests/test_publication.py

Each mutant changes one thing in the module's syntax tree: a comparison turned around (`>` to
`>=`, `==` to `!=`, `in` to `not in`), a condition negated, a `True`/`False` flipped, a string
constant changed, a return value replaced by None, an `if` body skipped. The module is written
back with the mutant, the tests run (pytest, quiet, stop at the first failure), and the original
is restored whatever happens. A mutant the tests do not notice "survives" and is printed with its
line: either a test is missing, or the code there does nothing. The kill rate is the share of
mutants that made a test fail.
"""

from __future__ import annotations

import ast
import copy
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

SWAP = {
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


def mutants(tree: ast.Module) -> Iterator[tuple[str, ast.Module]]:
    """(what changed, the mutated module) for every mutation point, one at a time."""
    points = list(ast.walk(tree))
    for index, node in enumerate(points):
        if isinstance(node, ast.Compare):
            for op_index, op in enumerate(node.ops):
                if type(op) in SWAP:
                    yield from _one(tree, index, f"line {node.lineno}: {type(op).__name__} -> {SWAP[type(op)].__name__}",
                                    lambda n, i=op_index: n.ops.__setitem__(i, SWAP[type(n.ops[i])]()))  # fmt: skip
        if isinstance(node, ast.If):
            yield from _one(tree, index, f"line {node.lineno}: condition negated",
                            lambda n: setattr(n, "test", ast.UnaryOp(ast.Not(), n.test)))  # fmt: skip
            yield from _one(tree, index, f"line {node.lineno}: if body skipped",
                            lambda n: setattr(n, "test", ast.Constant(False)))  # fmt: skip
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            yield from _one(tree, index, f"line {node.lineno}: {node.value} -> {not node.value}",
                            lambda n: setattr(n, "value", not n.value))  # fmt: skip
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value and not _docstring(tree, node):
            yield from _one(tree, index, f"line {node.lineno}: {node.value!r} -> 'XX'",
                            lambda n: setattr(n, "value", "XX"))  # fmt: skip
        if isinstance(node, ast.Return) and node.value is not None:
            yield from _one(tree, index, f"line {node.lineno}: returns None",
                            lambda n: setattr(n, "value", ast.Constant(None)))  # fmt: skip


def _docstring(tree: ast.Module, node: ast.Constant) -> bool:
    for owner in ast.walk(tree):
        body = getattr(owner, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and body[0].value is node:
            return True
    return False


def _one(tree: ast.Module, index: int, what: str, change) -> Iterator[tuple[str, ast.Module]]:
    mutated = copy.deepcopy(tree)
    change(list(ast.walk(mutated))[index])
    yield what, ast.fix_missing_locations(mutated)


def main(module: str, *tests: str) -> int:
    path = Path(module)
    original = path.read_text("utf-8")
    tree = ast.parse(original)
    survived, total = [], 0
    try:
        for what, mutated in mutants(tree):
            total += 1
            path.write_text(ast.unparse(mutated) + "\n", "utf-8")
            run = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p", "no:randomly", *tests],
                capture_output=True,
                text=True,
            )
            if run.returncode == 0:
                survived.append(what)
    finally:
        path.write_text(original, "utf-8")
    killed = total - len(survived)
    print(f"{module}: {killed} of {total} mutants killed ({100 * killed / max(total, 1):.0f} %)")
    for what in survived:
        print(f"  survived: {what}")
    return 0 if not survived else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], *sys.argv[2:]))
