"""Benchmarks of culturemap against spaCy's own floor (issue 6). Entry point: ``python -m bench``."""
