"""`flake8-dgdefs serve`: a per-project local server that keeps the load model in memory.

The plugin (plugin.py) asks it over a Unix socket in the project's cache folder and falls
back to linting in its own process when no server answers. `protocol` and `client` import
only the standard modules flake8 has already loaded; `daemon` holds the server itself and
`command` the command line.
"""
