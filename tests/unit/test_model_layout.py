"""One layout for model code in the classifier and compliance: the running service loads
`ml/model.py` and scores with numpy; training, evaluation and their data stay out of it."""

from __future__ import annotations

import json
import subprocess
import sys

SERVICE_ENTRY_POINTS = (
    "reviewops.classifier.main", "reviewops.classifier.batch",
    "reviewops.compliance.main", "reviewops.compliance.batch",
)
OFFLINE_ONLY = ("sklearn", "scipy", "joblib", "reviewops.classifier.ml.training", "reviewops.classifier.ml.evaluation",
                "reviewops.classifier.ml.data", "reviewops.compliance.ml.training", "reviewops.compliance.ml.evaluation",
                "reviewops.common.ml.training_support")


def test_the_services_import_no_training_code_data_or_scikit_learn():
    probe = (
        "import importlib, json, sys\n"
        f"for name in {SERVICE_ENTRY_POINTS!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    loaded = json.loads(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout)
    offending = [name for name in loaded if name.startswith(OFFLINE_ONLY)]
    assert offending == []
    assert "reviewops.classifier.ml.model" in loaded and "reviewops.compliance.ml.model" in loaded


def test_both_services_keep_their_model_code_in_ml():
    from reviewops.classifier.ml import model as cause_model
    from reviewops.compliance.ml import model as rule_model

    assert cause_model.MODEL_PATH.suffix == rule_model.MODEL_PATH.suffix == ".npz"
    assert cause_model.MODEL_PATH.parent.name == rule_model.MODEL_PATH.parent.name == "model"
