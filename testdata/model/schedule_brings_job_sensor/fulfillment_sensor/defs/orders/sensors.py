import dagster as dg

orders_job = dg.define_asset_job(
    "orders_job", selection=dg.AssetSelection.assets(["fulfillment", "orders"])
)

# Referenced by nothing that is returned below: dropped.
refunds_job = dg.define_asset_job(
    "refunds_job", selection=dg.AssetSelection.assets(["fulfillment", "refunds"])
)


@dg.sensor(job=orders_job, minimum_interval_seconds=60)
def new_orders_sensor() -> dg.SkipReason:
    return dg.SkipReason("no new orders")


@dg.definitions
def sensors() -> dg.Definitions:
    return dg.Definitions(sensors=[new_orders_sensor])
