"""Grading: one sandboxed task per submitted notebook (task, sandbox, execute), the engines that map
it over a class on this machine or a Dask cluster (engine, worker, cluster, autograde), what the
instructor and the student get back (feedback, integrity, report) and selfcheck."""
