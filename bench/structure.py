"""Structure figures: cross-app imports by pair, import circles, large modules, inline imports.

Run: .venv/bin/python bench/structure.py   (reads the code only; nothing is executed)
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    "accounts",
    "core",
    "employers",
    "candidates",
    "matching",
    "placements",
    "reports",
    "home",
]
MAX_LINES = 600


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "crm"


def strongly_connected(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Tarjan's algorithm over the module graph (iterative, so deep graphs do not recurse)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & modules) for m in modules}
    for root in sorted(modules):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recurse = False
            for j in range(i, len(edges[node])):
                child = edges[node][j]
                if child not in index:
                    work.append((node, j + 1))
                    work.append((child, 0))
                    recurse = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if recurse:
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def inline_imports(path: Path) -> int:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    count = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    count += 1
    return count


def main() -> None:
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph("crm", cache_dir=None)
    modules = {m for m in graph.modules if ".migrations" not in m}
    pairs: Counter[tuple[str, str]] = Counter()
    for importer in modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            a, b = app_of(importer), app_of(imported)
            if a != b and b != "crm" and a != "crm":
                pairs[(a, b)] += 1
    print("Cross-app imports (module pairs), importer -> imported:")
    for (a, b), n in sorted(pairs.items(), key=lambda item: (item[0][0], item[0][1])):
        upward = a in LAYERS and b in LAYERS and LAYERS.index(a) < LAYERS.index(b)
        print(f"  {a:>10} -> {b:<10} {n:3d}{'  UPWARD' if upward else ''}")
    upward_total = sum(
        n
        for (a, b), n in pairs.items()
        if a in LAYERS and b in LAYERS and LAYERS.index(a) < LAYERS.index(b)
    )
    print(f"  total {sum(pairs.values())}, upward {upward_total}")

    circles = strongly_connected(graph, modules)
    print(f"Import circles (strongly connected module groups): {len(circles)}")
    for circle in circles:
        print("  " + ", ".join(circle))

    print(f"Modules over {MAX_LINES} lines (migrations excluded):")
    files = [p for p in (ROOT / "crm").rglob("*.py") if "migrations" not in p.parts]
    big = sorted(
        ((len(p.read_text(encoding="utf-8").splitlines()), p) for p in files), reverse=True
    )
    for lines, path in big:
        if lines > MAX_LINES:
            print(f"  {lines:5d} {path.relative_to(ROOT)}")
    print(f"Imports inside functions: {sum(inline_imports(p) for p in files)}")


if __name__ == "__main__":
    main()
