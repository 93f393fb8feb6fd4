"""Several days and crews: the routing problem grows a vehicle per person and day, not a second planner.

``rules`` checks the input of a horizon, ``vehicles`` turns people and
dates into the vehicles of one routing problem, ``crews`` fixes the
visits that need several people on site, ``solve`` plans the horizon
and ``output`` holds the multi-day ``plan.json``.
"""
