"""The reports say exactly what they said before the package moved into folders (issue 11):
the HTML is the same apart from the figures' bytes (alt text and captions included)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
REPORTS = ["sv/unit/botkyrka", "sv/study", "en/unit/halmstad", "log/log/norrtull",
           "log/measures/norrtull"]


def comparable(html: str) -> str:
    """The report's HTML with each embedded PNG's bytes, the ingest date and the source files' keyed
    fingerprints (a key made per processed folder) replaced."""
    html = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,FIGURE", html)
    html = re.sub(r"<code>[0-9a-f]{12}</code>", "<code>FINGERPRINT</code>", html)
    return re.sub(r"(Data inlästa|Data read) \d{4}-\d{2}-\d{2}", r"\1 YYYY-MM-DD", html)


@pytest.mark.parametrize("report", REPORTS)
def test_a_report_says_what_it_said_before(built_reports: Path, report: str) -> None:
    now = comparable((built_reports / f"{report}.html").read_text(encoding="utf-8"))
    before = (GOLDEN / f"{report.replace('/', '_')}.html").read_text(encoding="utf-8")
    assert now.count("data:image/png;base64,FIGURE") == before.count("data:image/png;base64,FIGURE") > 0
    if now != before:
        diff = difflib.unified_diff(before.split(">"), now.split(">"), "before", "now", lineterm="", n=1)
        pytest.fail(f"{report}.html differs from tests/report/golden:\n" + "\n".join(list(diff)[:40]))
