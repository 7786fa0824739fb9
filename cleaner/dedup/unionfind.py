"""Union-find over integer ids, with the smallest id as the root (deterministic)."""

from __future__ import annotations

import numpy as np


class UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        # The same forest for :meth:`roots`, as numpy: each id's root at the last call,
        # with the unions made since (what joins two sets; path compression in find()
        # only shortens paths). Converting the whole list at every call, once per LSH
        # band, cost more than the pointer jumping.
        self._forest = np.arange(size, dtype=np.int64)
        self._unions: list[int] = []  # the pairs (child root, new root), flat

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
            self._unions += (rb, ra)

    def groups(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for x in range(len(self.parent)):
            found.setdefault(self.find(x), []).append(x)
        return found

    def roots(self) -> np.ndarray:
        """Every element's root, at once (pointer jumping over the parent array)."""
        parent = self._forest  # callers get copies: this one is changed in place
        if self._unions:
            moved = np.array(self._unions, dtype=np.int64).reshape(-1, 2)
            parent[moved[:, 0]] = moved[:, 1]  # a root is joined under another once at most
            self._unions = []
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                self._forest = parent
                return parent.copy()
            parent = grand

    def join(self, roots: np.ndarray) -> None:
        """Join the sets of another union-find over the same ids, given as every id's
        root there: the result is the partition both would give together."""
        for x in np.flatnonzero(roots != np.arange(len(roots))).tolist():
            self.union(x, int(roots[x]))
