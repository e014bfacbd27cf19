"""Benchmarks of kapanalytics: each module runs with ``python -m benchmarks.<name>``."""
