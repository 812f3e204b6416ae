import dagster as dg

lesson_2_job = dg.define_asset_job("lesson_2_job", selection=["trips"])
