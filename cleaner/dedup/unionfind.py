"""Union-find over integer ids, with the smallest id as the root (deterministic)."""

from __future__ import annotations

import numpy as np


class UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, x: int) -> int:
        parent = self.parent
        root = parent[x]
        if parent[root] == root:  # a root or its child: most calls, after compression
            return root
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller root wins, so roots do not depend on the order of unions.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra

    def groups(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for x in range(len(self.parent)):
            found.setdefault(self.find(x), []).append(x)
        return found

    def roots(self) -> np.ndarray:
        """Every element's root, at once (pointer jumping over the parent array)."""
        parent = np.array(self.parent, dtype=np.int64)
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                return parent
            parent = grand

    def join(self, roots: np.ndarray) -> None:
        """Join the sets of another union-find over the same ids, given as every id's
        root there: the result is the partition both would give together."""
        for x in np.flatnonzero(roots != np.arange(len(roots))).tolist():
            self.union(x, int(roots[x]))
