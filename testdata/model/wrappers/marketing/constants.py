GIT_URL = "https://github.com/acme/marketing-pipelines"
GIT_BRANCH = "main"
MARKETING_GROUP = "marketing"
