"""Foundations every layer may use: the error root and its problems, the shared model bases, figures and dates, located YAML, atomic writes and the build lock."""
