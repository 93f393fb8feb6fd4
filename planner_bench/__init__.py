"""Benchmarks: our solver against the best open solvers, on the same instances and budgets.

Four suites: ``aftersales`` (synthetic days of this domain, every hard
rule of the contract), ``solomon`` (the 56 classical VRPTW instances),
``gh1000`` (30 of Gehring and Homberger's 1,000-customer instances) and
``trsp`` (Pillac et al. 2013, skills only). Each solver run happens in a
child process so that wall time and peak memory are its own, and every
answer is verified by a checker that is not the solver's.

Peers (VROOM, PyVRP) are an optional extra (``pip install .[bench]``):
nothing here imports them until a run asks for them, and a peer that is
not installed is reported as such.
"""
