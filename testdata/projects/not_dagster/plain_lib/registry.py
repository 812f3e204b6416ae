from typing import Any, Callable


def asset(fn: Callable[..., Any]) -> Callable[..., Any]:
    return fn


def job(**_: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return lambda fn: fn
