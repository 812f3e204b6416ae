"""flake8-dgdefs: find Dagster definitions that the dg autoloader will miss or load twice."""

__version__ = "0.1.0"
