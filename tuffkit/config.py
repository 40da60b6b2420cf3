"""Paths relative to the project root and project-wide defaults."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "PROJECT_ROOT",
    "DATA_DIR",
    "RAW_DIR",
    "PROCESSED_DIR",
    "REPORTS_DIR",
    "NOTEBOOKS_DIR",
    "MIN_N",
    "LANG",
    "PROTECTION",
]

#: The project root: the folder holding ``pyproject.toml`` (tuffkit is installed editable).
PROJECT_ROOT: Path = Path(__file__).resolve().parent.parent
DATA_DIR: Path = PROJECT_ROOT / "data"
RAW_DIR: Path = DATA_DIR / "raw"
PROCESSED_DIR: Path = DATA_DIR / "processed"
REPORTS_DIR: Path = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"

#: Minimum number of respondents behind any figure that reaches a report.
MIN_N: int = 5
#: Default report language ("sv" or "en").
LANG: str = "sv"
#: Scale steps that each respondent's answer, and the mean of each group smaller than ``MIN_N``,
#: must stay uncertain given everything published (the study file's ``protection``).
PROTECTION: float = 1.0
