from inventory.alerts import restock_sensor
from inventory.stock.assets import stock_levels


def test_defs() -> None:
    assert stock_levels and restock_sensor
