"""The ``planner`` command line: the one package that prints and sets exit codes.

It reads files with ``planner``, serves and publishes with ``web``, and
reaches the bench (``planner_bench``) only when ``planner bench`` is run.
``planner`` and ``web`` never import it (tests/test_import_layers.py).
"""
