"""``python -m bench [--quick] [--only NAME ...] [--out FILE]``: see :mod:`bench.run`."""
from bench.run import main

main()
