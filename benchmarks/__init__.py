"""Corpus generator, scorer and speed benchmarks for cleaner (not part of the package)."""
