from report_proj.lib.factories import make_report

orders_report = make_report("orders_report")
