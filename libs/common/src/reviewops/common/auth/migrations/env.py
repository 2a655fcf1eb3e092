from reviewops.common.auth.tables import metadata
from reviewops.common.db.migrations import run_env

run_env(metadata)
