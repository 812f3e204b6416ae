ORDERS_CRON = "15 4 * * *"
WAREHOUSE_SCHEMA = "fulfillment"
