from reviewops.classifier.adapters.tables import metadata
from reviewops.common.db.migrations import run_env

run_env(metadata)
