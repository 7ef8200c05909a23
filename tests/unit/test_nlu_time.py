"""bench/nlu_time.py refuses a bad request before it trains or loads anything."""

from __future__ import annotations

import pytest

from bench import nlu_time


@pytest.mark.parametrize(
    "argv",
    [
        ["--model", "models/settle-does-not-exist.tar.gz"],
        ["--config", "config.yml", "--model", "models/settle-does-not-exist.tar.gz"],
        ["--limit", "1"],
    ],
)
def test_a_bad_request_is_refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        nlu_time.main(argv)
    assert refused.value.code == 2
    assert "error:" in capsys.readouterr().err
