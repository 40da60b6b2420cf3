"""Default folders and project-wide defaults.

The folders a command reads and writes by default are relative to the current folder, as a
researcher who installed tuffkit with pip expects (``data/processed``, ``reports``): run in a
checkout, they are the checkout's; run in a study folder made by ``tuffkit init``, the study's.
What tuffkit ships (the report notebooks, the instruments, the templates) is found beside the
package, wherever it is installed.
"""

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

_PACKAGE: Path = Path(__file__).resolve().parent
#: The checkout tuffkit runs from when installed editable (it holds ``pyproject.toml``); in an
#: installed wheel, the folder above the package, which holds no data of tuffkit's.
PROJECT_ROOT: Path = _PACKAGE.parent
#: The bundled example studies' exports (in a checkout only: ``make reports`` reads them).
RAW_DIR: Path = PROJECT_ROOT / "data" / "raw"
#: Relative to the current folder: ``tuffkit ingest``'s default ``--out``.
DATA_DIR: Path = Path("data")
PROCESSED_DIR: Path = DATA_DIR / "processed"
#: Relative to the current folder: ``tuffkit reports``'s default ``--out``.
REPORTS_DIR: Path = Path("reports")
#: The report notebooks: ``tuffkit/notebooks/`` in an installed wheel, ``notebooks/`` in a checkout.
NOTEBOOKS_DIR: Path = (_PACKAGE / "notebooks") if (_PACKAGE / "notebooks").is_dir() else PROJECT_ROOT / "notebooks"

#: Minimum number of respondents behind any figure that reaches a report.
MIN_N: int = 5
#: Default report language ("sv" or "en").
LANG: str = "sv"
#: Scale steps that each respondent's answer, and the mean of each group smaller than ``MIN_N``,
#: must stay uncertain given everything published (the study file's ``protection``).
PROTECTION: float = 1.0
