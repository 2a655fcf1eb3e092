"""Model artifacts as numpy archives: arrays plus a JSON header, no pickles.

A pickle ties an artifact to the library versions that wrote it and runs code when loaded; an
`.npz` of plain arrays (`allow_pickle=False`) is data, loads in any numpy version, and is the same
bytes for the same model (training is deterministic, so a retrain is byte-identical).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

_HEADER = "header"


def save_artifact(path: Path, header: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
    """Write `arrays` and `header` (JSON) to `path`; fixed entry times keep the bytes reproducible."""
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = {_HEADER: np.frombuffer(json.dumps(header, sort_keys=True).encode(), dtype=np.uint8), **arrays}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            buffer = io.BytesIO()
            np.save(buffer, np.asarray(entries[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def load_artifact(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The header and arrays of an artifact; a missing or broken file raises (the service stops)."""
    with np.load(path, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files if name != _HEADER}
        header = json.loads(bytes(stored[_HEADER]).decode())
    return header, arrays


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
