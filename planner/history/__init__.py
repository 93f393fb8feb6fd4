"""The department's work over time: records of orders, statuses and callbacks, and the KPIs over them.

Pure functions only: the store reads the records, these turn them into
figures, and the command line and the pages format those figures.
"""
