from reviewops.common.db.migrations import run_env
from reviewops.compliance.adapters.tables import metadata

run_env(metadata)
