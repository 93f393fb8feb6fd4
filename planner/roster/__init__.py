"""The weekly shift roster (排班): who works which shift on which day.

``read_roster_folder`` reads the week, ``solve_roster`` makes the roster
with CP-SAT (``planner.roster.solve`` is the only module importing it),
``check_roster`` verifies every hard rule independently, and
``planner.roster.explain`` says why demand is not met.
"""
