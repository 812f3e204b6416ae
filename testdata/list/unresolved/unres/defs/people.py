"""One value only known at run time: the group comes from the environment."""

import os

import dagster as dg

TEAM_GROUP = os.environ.get("TEAM_GROUP", "people")


@dg.asset(group_name=TEAM_GROUP, kinds={"python"})
def headcount() -> None:
    """Employees per team."""


@dg.asset(group_name="people")
def attrition(headcount: None) -> None: ...
