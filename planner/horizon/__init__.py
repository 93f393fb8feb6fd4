"""Several days and crews: the routing problem grows a vehicle per person and day, not a second planner.

``rules`` checks the input of a horizon; ``vehicles`` turns people and
dates into the vehicles of one routing problem and prices each day;
``crews`` settles the visits that need several people on site;
``solve`` plans the horizon; ``reasons`` explains what was left out;
``previous`` reads the dates an earlier run proposed; ``output`` is the
multi-day ``plan.json`` and ``summary`` its terminal summary.
"""
