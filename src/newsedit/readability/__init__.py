"""Readability: syllables (CMU dictionary first), words, counts in one pass, and the standard formulas."""
