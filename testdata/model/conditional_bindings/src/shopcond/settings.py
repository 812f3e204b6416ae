import os

#: Read when the code location loads: "eu" unless the deployment says otherwise.
REGION = os.environ.get("SHOP_REGION", "eu")
