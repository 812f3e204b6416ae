STAGING = "staging"
ORDERS_JOB = "orders_job"
