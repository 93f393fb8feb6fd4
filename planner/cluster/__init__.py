"""A national day on a cluster: independent parts planned as tasks on Dask distributed, merged into one plan.

See docs/scale.md for the choice of engine and how to point the planner at a real cluster.
"""

from planner.cluster.engine import CLUSTER_ENV, ClusterAddressError, cluster_address, connect
from planner.cluster.fanout import FannedOut, merge, plan_on_cluster
from planner.cluster.split import Component, component_days, components

__all__ = [
    "CLUSTER_ENV",
    "ClusterAddressError",
    "Component",
    "FannedOut",
    "cluster_address",
    "component_days",
    "components",
    "connect",
    "merge",
    "plan_on_cluster",
]
