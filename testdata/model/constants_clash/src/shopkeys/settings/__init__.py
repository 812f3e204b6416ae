from .regions import *  # noqa: F401,F403
