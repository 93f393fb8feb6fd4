"""How long each kind of search may run when nobody says: decided here, once.

The command line, the API, scenarios, slots, advice and the benchmarks
all plan days, and each used to carry its own number of seconds; two of
them drifted apart without anyone deciding it. Every default search time
is now a field of ``PlanningDefaults`` and every caller reads
``PLANNING_DEFAULTS``. The web server's limits are settings
(``PLANNER_API_TIME_LIMIT`` ...) whose defaults are the fields here.

This module imports nothing from the planner, so the search package
itself can take its default from it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlanningDefaults:
    """Default search time caps, in seconds.

    ``day_time_limit`` sizes the cap of one day: enough for a typical day
    many times over, and on large days ``seconds_per_hundred_visits``: a
    1,000-visit day on one model needs 16-20 s of search and about 5 s to
    build and check the model to finish its work budget
    (docs/benchmarks.md), so 35 s leaves room for a slower machine; a cap
    that does not stop the search costs nothing, but it never exceeds
    ``longest_day_time_limit`` (the sectors of a 2,000-visit day finish
    well within it).
    """

    #: A day (and a re-plan, a booking, a benchmark run) when the caller names no cap.
    day_time_limit: float = 10.0
    seconds_per_hundred_visits: float = 3.5
    longest_day_time_limit: float = 40.0
    #: A one-technician day while looking for appointment slots: a short search settles it.
    slot_time_limit: float = 2.0
    #: Each candidate change tried for advice starts from the base plan, so little search is needed.
    advice_time_limit: float = 5.0
    #: Each variant of ``planner scenarios``: the sample's variants finish by their work budget or
    #: close to it, and its whole scenario file runs in about a minute on two cores.
    scenario_time_limit: float = 15.0
    #: The longest search a command may be asked for: a working day, far above any useful cap.
    command_max_time_limit: float = 8 * 3600.0
    #: The web server: a search asked for through the API when the request names no cap...
    api_time_limit: float = 5.0
    #: ...the most a request may ask for...
    api_max_time_limit: float = 20.0
    #: ...and the most (and the default) per variant of a scenario job.
    api_scenario_max_time_limit: float = 10.0

    def time_limit(self, visits: int, given: float | None = None) -> float:
        """The cap for a day of ``visits`` visits: ``given`` when the caller names one, else sized by the day."""
        if given is not None:
            return given
        sized = self.seconds_per_hundred_visits * visits / 100
        return min(self.longest_day_time_limit, max(self.day_time_limit, sized))


#: The one set of defaults every command, page and job reads.
PLANNING_DEFAULTS = PlanningDefaults()
