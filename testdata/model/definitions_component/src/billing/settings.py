BILLING_GROUP = "billing"
MONTHLY = "0 3 1 * *"
