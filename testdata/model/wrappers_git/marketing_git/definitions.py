from pathlib import Path

import dagster as dg

from marketing_git import constants
from marketing_git.external import ad_platform_export
from marketing_git.legacy import campaigns

legacy_assets = dg.load_assets_from_modules([campaigns])


@dg.definitions
def defs() -> dg.Definitions:
    linked = dg.link_code_references_to_git(
        assets_defs=dg.with_source_code_references([*legacy_assets, ad_platform_export]),
        git_url=constants.GIT_URL,
        git_branch=constants.GIT_BRANCH,
        file_path_mapping=dg.AnchorBasedFilePathMapping(
            local_file_anchor=Path(__file__).parent,
            file_anchor_path_in_repository="marketing_git",
        ),
    )
    return dg.Definitions.merge(
        dg.Definitions(assets=linked),
        dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
    )
