from .raw import *  # noqa: F401,F403
from .staging import orders as staged_orders  # noqa: F401
