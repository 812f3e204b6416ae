from shop.elt.assets import orders

__all__ = ["orders"]
