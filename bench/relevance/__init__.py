"""Ranking quality: a judged test collection over ../shared/corpus/real and its scorer.

See bench/relevance/README.md.
"""
