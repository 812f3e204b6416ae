"""The file names that make a folder a Dagster project, and what its loader reads besides
modules. Light on purpose (no imports): discovery reads them to find a project, and the
index and the server's watcher to know which files can change an answer.
"""

#: Files that end the upward search for a project even without Dagster settings.
PROJECT_MARKERS = ("setup.py", "setup.cfg", ".git")
#: Files that hold Dagster settings, in the order they are read.
SETTINGS_FILES = ("dg.toml", "pyproject.toml")
#: The YAML files that make a folder a Dagster component, in Dagster's order of precedence.
COMPONENT_FILES = ("defs.yaml", "defs.yml", "component.yaml")
#: The folder that holds the root package in a `src/` layout.
SOURCE_FOLDER = "src"
