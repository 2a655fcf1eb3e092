"""Key files are readable by their owner only, whether new or overwritten."""

from __future__ import annotations

import stat

from reviewops.common.auth.keys import write_key_file


def test_a_new_key_file_is_private(tmp_path):
    path = tmp_path / "keys" / "service-key"
    write_key_file(path, "rok_new")
    assert path.read_text() == "rok_new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_existing_readable_file_is_made_private_when_overwritten(tmp_path):
    path = tmp_path / "service-key"
    path.write_text("rok_old_and_longer\n")
    path.chmod(0o644)
    write_key_file(path, "rok_new")
    assert path.read_text() == "rok_new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
