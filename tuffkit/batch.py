"""Turn the report notebooks into one self-contained HTML report per unit, fast.

``run_reports`` runs each unit's notebook through papermill and exports it to lean
HTML (tuffkit's own nbconvert template: no code, no prompts, no script, figures
embedded) and writes ``index.html``.

What readers get and what the run keeps apart: every report is rendered into the run's
private *trail* (:func:`run_trail`: ``<processed>/private/runs/<out>-<fingerprint>/``), beside
its executed notebook, its ledger and its overview data, with the run's ``manifest.json``. The
run is audited there (staged); only then are the HTML reports and the index copied to ``--out``,
which holds nothing else (and the PDFs printed from them). A researcher who zips ``--out`` for
a municipality sends only what the reports show.

Speed without leaks: each worker process keeps **one** Jupyter kernel and reuses it
for every report it renders (papermill engine ``tuffkit``), so the kernel start and
the imports are paid once per worker instead of once per report, and exports in the
same process (no nbconvert CLI). Before each report the kernel's namespace, output
history, figures and execution counter are reset, so report B rendered after A equals
B rendered alone (a test checks this): no variable, figure or data of A reaches B.

Writes are atomic: every file is written to a temporary name in its folder and
renamed, so a crash or Ctrl-C leaves no half-written report.

Beyond one machine: ``run_reports(..., executor=...)`` takes any
``concurrent.futures.Executor``, e.g. ``dask.distributed.Client(address).get_executor()``
(``tuffkit reports --scheduler ADDRESS``). The units, the disclosure plan (made once, before
any render), the atomic writes, the manifest and the audit are the same; each worker process
sets itself up on its first report (:func:`_render_anywhere`) and keeps one reused, reset kernel
for the reports it renders after, one at a time. The processed data and the output folder are
reached by path, so on a cluster they must be on a file system every worker shares.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import hashlib
import html
import json
import multiprocessing as mp
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path
from typing import Any

from tuffkit.config import MIN_N, NOTEBOOKS_DIR
from tuffkit.errors import OutputError
from tuffkit.fingerprint import fingerprint, private_dir, secret
from tuffkit.names import _RESERVED, slugify, swedish_sort_key

__all__ = ["Unit", "plan_units", "run_reports", "export_html", "write_index", "write_studies_index", "slugify",
           "RESET_CODE", "SURVEY_KINDS", "ledger_path", "survey_plan", "audit_run", "audit_study", "run_trail",
           "published_files", "record_published"]

PACKAGES = ["tuffkit", "pandas", "numpy", "pyarrow", "scipy", "statsmodels", "matplotlib", "seaborn", "papermill",
            "nbconvert", "nbclient", "ipykernel", "jupyter_client"]
TEMPLATES = files("tuffkit.report") / "templates"

#: run in the reused kernel before every report
RESET_CODE = """\
import sys as _tk_sys
if "matplotlib.pyplot" in _tk_sys.modules:  # figures a report made with pyplot (tuffkit's do not use it)
    _tk_sys.modules["matplotlib.pyplot"].close("all")
del _tk_sys
get_ipython().run_line_magic("reset", "-f")
import gc as _tk_gc
_tk_gc.collect()
_tk_gc.freeze()
del _tk_gc
get_ipython().execution_count = 1
"""

_UI = {
    "sv": {"skip": "Hoppa till innehållet", "figure": "Figur", "toc": "Innehåll",
           "footer": "Rapporten är framtagen med tuffkit. Resultat från färre än {k} svarande visas inte.",
           "index_title": "Rapporter", "municipalities": "Enheter", "program": "Hela studien",
           "study": "Hela studien", "studies": "Studier",
           "overview": "Översikt", "overview_intro": "En rad per enhet med det som dess rapport visar: antal "
           "svarande i den senaste omgången som kan visas, starkaste och svagaste påstående, förändringar större "
           "än slumpen och "
           "hur många av dess mått som har en särskild orsak vid den senaste mätningen.",
           "ov_unit": "Enhet", "ov_n": "Svarande (omgång)", "ov_best": "Starkast", "ov_worst": "Svagast",
           "ov_sure": "Förändring större än slumpen", "ov_measures": "Mått med särskild orsak",
           "signals": "{k} av {t}", "sig_improvement": "{n} förbättring", "sig_concern": "{n} försämring",
           "sig_improvement_pl": "{n} förbättringar", "sig_concern_pl": "{n} försämringar",
           "unit_word": "enhet",
           "units": "Enheter: förbättringsarbete", "measures": "Mätningar över tid",
           "footer_measures": "Rapporten är framtagen med tuffkit.",
           "footer_log": "Rapporten är framtagen med tuffkit. Fritext ur loggen (beskrivningar, beslutstexter) "
                         "visas inte.",
           "footer_log_text": "Rapporten är framtagen med tuffkit. Fritext ur loggen visas på begäran: kontrollera "
                              "att den inte pekar ut någon innan rapporten sprids.",
           "failed": "misslyckades", "made": "Skapad {d}.", "other_lang": "Rapporterna på svenska",
           "withheld": "undanhållen: granskningen av körningen fann siffror som kunde röja enskilda svar"},
    "en": {"skip": "Skip to the content", "figure": "Figure", "toc": "Contents",
           "footer": "This report was made with tuffkit. Results from fewer than {k} respondents are not shown.",
           "index_title": "Reports", "municipalities": "Units", "program": "The whole study",
           "study": "The whole study", "studies": "Studies",
           "overview": "Overview", "overview_intro": "One row per unit with what its report shows: respondents in "
           "the latest wave that can be shown, the strongest and weakest statement, the changes larger than "
           "chance and how many of "
           "its measures have a special cause at the latest point.",
           "ov_unit": "Unit", "ov_n": "Respondents (wave)", "ov_best": "Strongest", "ov_worst": "Weakest",
           "ov_sure": "Change larger than chance", "ov_measures": "Measures with a special cause",
           "signals": "{k} of {t}", "sig_improvement": "{n} improvement", "sig_concern": "{n} concern",
           "sig_improvement_pl": "{n} improvements", "sig_concern_pl": "{n} concerns",
           "unit_word": "unit",
           "units": "Units: improvement work", "measures": "Measures over time",
           "footer_measures": "This report was made with tuffkit.",
           "footer_log": "This report was made with tuffkit. Free text from the log (descriptions, decision "
                         "texts) is not shown.",
           "footer_log_text": "This report was made with tuffkit. Free text from the log is shown on request: check "
                              "that it identifies nobody before the report is shared.",
           "failed": "failed", "made": "Made {d}.", "other_lang": "The reports in English",
           "withheld": "withheld: the run's audit found numbers that could reveal individual answers"},
}


@dataclass
class Unit:
    """One report to render: which notebook, with which parameters, to which files."""

    #: "municipality" (a survey unit's report, in unit/), "program" (the whole study's), "unit" (an
    #: improvement-log report, in log/) or "measures"; the names earlier manifests use
    kind: str
    name: str
    notebook: str
    parameters: dict[str, Any]
    html: str  # relative to the output folder
    ipynb: str
    status: str = "pending"
    seconds: float | None = None
    error: str | None = None
    cell_seconds: float | None = None
    inputs: dict[str, str] | None = None  # SHA-256 of the processed files the report was rendered from




def _unique_slug(folder: str, name: str, taken: dict[str, Any], owner: Any = None, suffix: str = "") -> str:
    """``slugify(name)``, or, when another report of the run or of an earlier run in the same
    folder has its file, the slug with the start of the name's SHA-256: the same report always
    gets the same file, and no two reports one file. ``owner`` tells reports apart (default: the
    name); ``suffix`` goes before ``.html`` (a language's, ``.en``).

    >>> taken = {}
    >>> _unique_slug("unit", "Aby", taken), _unique_slug("unit", "Åby", taken)
    ('aby', 'aby-a058b1')
    """
    owner = name if owner is None else owner
    base = slug = slugify(name)
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()
    width = 6
    while taken.get(f"{folder}/{slug}{suffix}", owner) != owner:  # another report's: a longer piece of the hash
        slug = f"{base}-{digest[:width]}"
        width += 2
    taken[f"{folder}/{slug}{suffix}"] = owner
    return slug


#: where each kind of report is written in --out (``program``: the whole study, ``study.html``)
FOLDERS = {"municipality": "unit", "unit": "log", "measures": "measures"}
#: every folder of reports, with those of earlier versions (municipality/)
_REPORT_FOLDERS = ("municipality", "unit", "log", "measures")


def lang_suffix(lang: str, primary: str) -> str:
    """What goes before ``.html`` in the names of a run's reports and index: nothing in the
    language the output folder was first written in, ``.en`` (``.sv``) in another, so that the
    reports in each language keep their own files and index.

    >>> lang_suffix("sv", "sv"), lang_suffix("en", "sv")
    ('', '.en')
    """
    return "" if lang == primary else f".{lang}"


def primary_lang(previous: Sequence[Unit], lang: str) -> str:
    """The language an output folder was first written in (its earlier reports'), else ``lang``."""
    for u in previous:
        if u.parameters.get("lang"):
            return str(u.parameters["lang"])
    return lang


def plan_units(data: Path, municipalities: Sequence[str], program: bool, lang: str, min_n: int,
               invited: str | None = None, waves: dict[str, str] | None = None,
               log_units: Sequence[str] = (), asof: str = "", show_descriptions: bool = False,
               measure_units: Sequence[str] = (), previous: Sequence[Unit] = ()) -> list[Unit]:
    """The reports to render, with their parameters (names already checked against the data):
    each survey unit's report (``unit/<name>.html``), the whole study's (``study.html``), the
    measures report of each of ``measure_units`` (``measures/``) and the improvement-log report of
    each of ``log_units`` (``log/``).

    A report of ``previous`` (the manifest of an earlier run into the same folder) keeps its file
    names; no file name of ``previous`` is given to another report. Reports in another language
    than the folder's first get their own names (``study.en.html``), never another's."""
    waves = waves or {}
    common = {"data": str(data), "lang": lang, "min_n": int(min_n), "invited": str(invited or "")}
    common.update(waves)
    units = []
    def reserved(u: Unit) -> bool:  # a name an earlier version gave that Windows refuses
        return u.html.rsplit("/", 1)[-1].split(".", 1)[0] in _RESERVED

    def owner(kind: str, name: str, lng: str) -> tuple[str, str, str]:
        return kind, name, lng

    first = primary_lang(previous, lang)

    def lang_of(u: Unit) -> str:
        return str(u.parameters.get("lang") or first)

    kept = {owner(u.kind, u.name, lang_of(u)): u for u in previous if not reserved(u)}
    taken: dict[str, Any] = {u.html.rsplit(".", 1)[0]: owner(u.kind, u.name, lang_of(u))
                             for u in previous if not reserved(u)}
    suffix = lang_suffix(lang, first)
    municipalities, measure_units, log_units = (list(dict.fromkeys(x)) for x in
                                                (municipalities, measure_units, log_units))

    def paths(name: str, kind: str) -> tuple[str, str]:
        if owner(kind, name, lang) in kept:
            return kept[owner(kind, name, lang)].html, kept[owner(kind, name, lang)].ipynb
        folder = FOLDERS[kind]
        slug = _unique_slug(folder, name, taken, owner(kind, name, lang), suffix)
        return f"{folder}/{slug}{suffix}.html", f"{folder}/{slug}{suffix}.ipynb"

    for m in municipalities:
        units.append(Unit("municipality", m, "municipality_report.ipynb", {"municipality": m, **common},
                          *paths(m, "municipality")))
    if program:
        own = owner("program", "program", lang)
        if own in kept:  # an earlier run's program.html keeps its name
            html_path, nb_path = kept[own].html, kept[own].ipynb
        else:
            stem = "study" if taken.get(f"study{suffix}", own) == own else "study-report"
            html_path, nb_path = f"{stem}{suffix}.html", f"{stem}{suffix}.ipynb"
        units.append(Unit("program", "program", "program_report.ipynb", dict(common), html_path, nb_path))
    for name in measure_units:
        units.append(Unit("measures", name, "measures_report.ipynb", {"unit": name, "data": str(data), "lang": lang},
                          *paths(name, "measures")))
    for name in log_units:
        units.append(Unit("unit", name, "project_log_report.ipynb",
                          {"unit": name, "data": str(data), "lang": lang, "asof": asof,
                           "show_descriptions": bool(show_descriptions)},
                          *paths(name, "unit")))
    return units


# --------------------------------------------------------------------------- the engine


def _register_engine() -> None:
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    class ReusedKernelEngine(NBClientEngine):
        """papermill's nbclient engine with one kernel kept for the life of the process.

        The kernel and its client are nbclient's own (started by the first run); every
        run first executes :data:`RESET_CODE` through nbclient on that kernel."""

        km = None
        kc = None
        #: the kernels' IPython folder: the run's own, removed after it (not the user's ~/.ipython)
        ipython_dir = ""

        @classmethod
        def reset(cls, kernel_name: str, timeout: int = 60) -> None:
            import nbformat
            from jupyter_client.manager import AsyncKernelManager
            from nbclient import NotebookClient

            if cls.km is None:
                where = ({"connection_file": str(Path(cls.ipython_dir) / f"kernel-{os.getpid()}.json")}
                         if cls.ipython_dir else {})  # its HMAC key stays inside --out, removed with the run
                cls.km = AsyncKernelManager(kernel_name=kernel_name, **where)
            if not cls.km.has_kernel:
                from jupyter_core.utils import run_sync

                # the kernel's own stderr only says that it talks TCP on localhost; its
                # errors reach us through the messages, and the executed notebook keeps them
                own = {"env": {**os.environ, "IPYTHONDIR": cls.ipython_dir}} if cls.ipython_dir else {}
                run_sync(cls.km.start_kernel)(stderr=subprocess.DEVNULL, extra_arguments=[
                    "--HistoryManager.enabled=False"], **own)  # no history.sqlite, no profile outside --out
            nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(RESET_CODE)])
            client = NotebookClient(nb, km=cls.km, kernel_name=kernel_name, timeout=timeout, startup_timeout=120)
            client.kc = cls.kc  # None the first time: nbclient starts a client and keeps it (km is ours)
            client.execute()  # starts the kernel on the first call; raises if the reset fails
            cls.kc = client.kc

        @classmethod
        def shutdown(cls) -> None:
            from jupyter_core.utils import run_sync

            try:
                if cls.kc is not None:
                    cls.kc.stop_channels()
                if cls.km is not None and cls.km.has_kernel:
                    run_sync(cls.km.shutdown_kernel)(now=True)
            finally:
                cls.km = cls.kc = None

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
            cls.reset(kernel_name)
            kwargs = remove_args(["input_path"], **kwargs)
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(safe_kwargs, timeout=execution_timeout or kwargs.get("timeout"),
                                        startup_timeout=start_timeout, kernel_name=kernel_name,
                                        log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
            client = PapermillNotebookClient(nb_man, km=cls.km, **final_kwargs)
            client.kc = cls.kc
            return client.execute()

    papermill_engines.register("tuffkit", ReusedKernelEngine)
    _register_engine.engine = ReusedKernelEngine  # type: ignore[attr-defined]


def _worker_init(ipython_dir: str = "") -> None:
    import multiprocessing.util

    # nbformat validates notebooks with jsonschema, which loads the optional rfc3987_syntax
    # plug-in when it is installed (JupyterLab's jupyter-events brings it): 0.7 s of grammar
    # building in every worker, for an "iri" format no notebook schema uses. Not in our workers.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
    if ipython_dir:  # what IPython writes (profile, history) goes to the run's own folder
        os.environ["IPYTHONDIR"] = ipython_dir
    _register_engine()
    engine = _register_engine.engine  # type: ignore[attr-defined]
    engine.ipython_dir = ipython_dir
    multiprocessing.util.Finalize(None, engine.shutdown, exitpriority=10)


_SETUP: dict[str, object] = {}  # per worker process: the IPython folder it was set up with, and its lock


def _render_anywhere(unit: dict[str, Any], out: str, notebooks: str, engine: str, ipython_dir: str) -> dict[str, Any]:
    """:func:`_render` in any worker process (a Dask worker, or another executor's): the first
    report sets the process up as :func:`_worker_init` does for the local pool, and a lock lets
    one report at a time use the process's one kernel (a Dask worker may run several tasks in
    threads)."""
    import threading

    lock = _SETUP.setdefault("lock", threading.Lock())
    with lock:  # type: ignore[attr-defined]
        if _SETUP.get("ipython_dir") != ipython_dir:
            missing = next((p for p in (notebooks, out) if not Path(p).is_dir()), None)
            if missing:
                import socket

                raise OutputError(f"the worker on {socket.gethostname()} cannot see {missing}; run the batch with "
                                  "the notebooks, the data and --out on a file system every worker shares")
            Path(ipython_dir).mkdir(parents=True, exist_ok=True)
            reused = getattr(_register_engine, "engine", None)
            if reused is not None:  # a kernel of an earlier run: its IPython folder is gone; start anew
                reused.shutdown()
            _worker_init(ipython_dir)
            _SETUP["ipython_dir"] = ipython_dir
        return _render(unit, out, notebooks, engine)


# --------------------------------------------------------------------------- export


def _atomic_write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        if isinstance(data, str):
            data = data.encode("utf-8")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


_EXPORTER: Any = None


def export_html(nb: Any, lang: str = "sv", min_n: int = MIN_N, footer: str = "footer") -> str:
    """The executed notebook ``nb`` as tuffkit's lean, self-contained HTML report: no
    code, prompts, markdown cells, streams or script; a table of contents from the
    sections' headings; the page title from the report's ``<h1>``. ``footer`` picks the
    footer text: ``footer`` (the suppression rule), ``footer_log`` (free text left out),
    ``footer_log_text`` (free text shown on request) or ``footer_measures``."""
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(template_name="tuffkit", extra_template_basedirs=[str(TEMPLATES)],
                                 exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                                 exclude_markdown=True, exclude_raw=True)
    ui = _UI[lang]
    css = (TEMPLATES / "tuffkit" / "report.css").read_text(encoding="utf-8")
    resources = {"tuffkit": {"lang": lang, "css": css, "title": "\x00title\x00", "skip": ui["skip"],
                             "figure": ui["figure"], "footer": ui[footer].format(k=min_n),
                             "version": _version("tuffkit")}}
    body, _ = _EXPORTER.from_notebook_node(nb, resources=resources)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", body, flags=re.S)
    title = re.sub(r"<[^>]+>", "", h1.group(1)).strip() if h1 else ui["skip"]
    body = body.replace("\x00title\x00", title)  # already escaped: it is the h1's HTML text
    heads = re.findall(r'<h2 id="([^"]+)">(.*?)</h2>', body, flags=re.S)
    toc = ""
    if heads:
        items = "".join(f'<li><a href="#{i}">{t}</a></li>' for i, t in heads)
        toc = f'<nav class="tk-toc" aria-labelledby="tk-toc"><h2 id="tk-toc">{ui["toc"]}</h2><ol>{items}</ol></nav>'
    if h1:
        # the contents follow the title block
        body = body.replace("<!--tuffkit:toc-->", "", 1)
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", body, flags=re.S)
        end = body.find("</header>", h1.end())
        at = end + len("</header>") if end >= 0 else h1.end()
        body = body[:at] + toc + body[at:]
    else:
        body = body.replace("<!--tuffkit:toc-->", toc, 1)
    from tuffkit.report.html import number_columns, statement_cards

    return statement_cards(number_columns(body))


def _version(pkg: str) -> str:
    try:
        return version(pkg)
    except PackageNotFoundError:
        return "not installed"


def _render(unit: dict[str, Any], out: str, notebooks: str, engine: str) -> dict[str, Any]:
    """Run one unit (in a worker): papermill, then export; return the unit with its status."""
    import nbformat
    import papermill as pm

    u = Unit(**unit)
    start = time.perf_counter()
    out_dir = Path(out)
    ipynb = out_dir / u.ipynb
    ipynb.parent.mkdir(parents=True, exist_ok=True)
    tmp_nb = ipynb.with_name(f".{ipynb.stem}.tmp-{os.getpid()}.ipynb")
    ledger = out_dir / ledger_path(u.html)
    tmp_ledger = ledger.with_name(f".{ledger.name}.tmp-{os.getpid()}")
    params = dict(u.parameters)
    if u.kind in SURVEY_KINDS:  # every number the report publishes, with its group, beside the HTML
        params["ledger"] = str(tmp_ledger.resolve())
    try:
        try:
            nb = pm.execute_notebook(str(Path(notebooks) / u.notebook), str(tmp_nb), parameters=params,
                                     engine_name=engine, progress_bar=False, request_save_on_cell_execute=False,
                                     kernel_name="python3", cwd=notebooks)
        except pm.PapermillExecutionError as exc:
            u.status = "failed"
            u.error = f"{_failed_section(tmp_nb, exc.exec_count)}cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
            if tmp_nb.exists():
                if u.kind in SURVEY_KINDS:  # kept for the error; the parts that ran are not audited
                    _keep_errors_only(tmp_nb)
                os.replace(tmp_nb, ipynb)
            return _finish(u, start)
        os.replace(tmp_nb, ipynb)
        u.cell_seconds = round(sum(float(c.get("metadata", {}).get("papermill", {}).get("duration") or 0)
                                   for c in nb.cells), 4)
        footer = {"unit": "footer_log_text" if u.parameters.get("show_descriptions") else "footer_log",
                  "measures": "footer_measures"}.get(u.kind, "footer")
        page = export_html(nbformat.from_dict(nb), u.parameters.get("lang", "sv"),
                           int(u.parameters.get("min_n", MIN_N)), footer)
        if u.kind in SURVEY_KINDS:
            os.replace(tmp_ledger, ledger)
        _atomic_write(out_dir / u.html, page)
        u.status = "ok"
    except Exception as exc:  # one unit's failure must not stop the others
        u.status = "failed"
        u.error = f"{type(exc).__name__}: {exc}"
        if u.kind in SURVEY_KINDS and ipynb.exists():
            _keep_errors_only(ipynb)
    finally:
        for tmp in (tmp_nb, tmp_ledger):
            if tmp.exists():
                tmp.unlink()
    return _finish(u, start)


def _keep_errors_only(nb_path: Path) -> None:
    """Drop every output of an executed notebook but the error's: a failed survey report is not
    audited, so the numbers of the parts that ran must not stay in --out."""
    try:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "code":
                cell["outputs"] = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        nb_path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    except (OSError, ValueError):
        nb_path.unlink(missing_ok=True)


def _failed_section(nb_path: Path, exec_count: int) -> str:
    """Which part of the report failed, from the executed notebook: its call (``rep.roles()``)
    and the sentence above it that says what the part shows; "" when it cannot be told."""
    try:
        cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return ""
    for k, cell in enumerate(cells):
        if cell.get("cell_type") == "code" and cell.get("execution_count") == exec_count:
            lines = [ln.strip() for ln in "".join(cell.get("source", "")).splitlines()
                     if ln.strip() and not ln.startswith(("from ", "import ", "#"))]
            call = lines[0].split("(")[0] + "(…)" if lines else ""
            notes = [c for c in cells[:k] if c.get("cell_type") == "markdown"
                     and "papermill-error-cell" not in "".join(c.get("source", ""))]  # papermill's own banner
            above = notes[-1] if notes and cells.index(notes[-1]) >= k - 2 else None
            what = "".join(above.get("source", "")).strip().split(". ")[0].rstrip(".") if above else ""
            return f"the part {call!r}{f' ({what})' if what else ''} failed in " if call else ""
    return ""


def _finish(u: Unit, start: float) -> dict[str, Any]:
    u.seconds = round(time.perf_counter() - start, 4)
    return asdict(u)


# --------------------------------------------------------------------------- the run


@dataclass
class RunResult:
    """What :func:`run_reports` did: the units with their status, and where things are."""

    out: Path
    units: list[Unit] = field(default_factory=list)
    seconds: float = 0.0
    audit: list[str] = field(default_factory=list)  # what the audit found; [] when the run is safe
    audit_seconds: float = 0.0
    trail: Path | None = None  # the run's private folder (:func:`run_trail`)
    stray: list[str] = field(default_factory=list)  # files in ``out`` that are no report of the run
    held: list[str] = field(default_factory=list)  # what earlier releases of the study made the plan hide
    index: str = "index.html"  # the run's index page in ``out`` (``index.en.html`` in a second language)

    @property
    def failed(self) -> list[Unit]:
        return [u for u in self.units if u.status != "ok"]


def _hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run_reports(units: list[Unit], out: str | Path, data: Path, jobs: int = 1, lang: str = "sv",
                min_n: int = MIN_N, notebooks: str | Path = NOTEBOOKS_DIR, engine: str = "tuffkit",
                progress: Callable[[Unit, int, int], None] | None = None,
                previous: list[Unit] | None = None, executor: cf.Executor | None = None) -> RunResult:
    """Render ``units`` with ``jobs`` worker processes into ``out``; write the manifest and
    the index. ``previous`` units (from an earlier manifest) are kept in the manifest and
    the index unless re-rendered now.

    ``executor``: render on this ``concurrent.futures.Executor`` instead of a local pool of
    ``jobs`` processes, e.g. a Dask cluster's (``Client(address).get_executor()``); the caller
    owns it (it is not shut down here). Its workers reach ``data``, ``notebooks`` and ``out``
    by path.
    """
    out = Path(out).resolve()
    notebooks = Path(notebooks).resolve()
    trail = run_trail(data, out)
    for folder, what in ((out, "the output folder"), (trail, "the run's private folder")):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{folder}: cannot create {what} ({exc.strerror})") from None
    check_out_folder(out, data, previous or [])
    _remove_leftovers(out)
    _remove_leftovers(trail)
    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    inputs: dict[str, dict[str, str]] = {}  # per data folder: its files' SHA-256
    done: dict[str, Unit] = {}
    ctx = mp.get_context("spawn")
    secret(data)  # the study's fingerprint key exists before any worker asks for it
    held: list[str] = []
    if any(u.kind in SURVEY_KINDS for u in units):  # the disclosure plan, once, before any report renders
        held = [n.split(": ", 1)[1] for n in survey_plan(data, min_n).notes if n.startswith("release:")]
    try:  # the kernels' IPython folder and connection files, removed below
        # absolute: the workers and kernels run in the notebooks' folder, not in the caller's
        ipython_dir = str(Path(tempfile.mkdtemp(prefix=f".tuffkit-ipython-{os.getpid()}-", dir=trail)).resolve())
    except OSError as exc:
        raise OutputError(f"{trail}: cannot write into the run's private folder ({exc.strerror})") from None
    try:
        with contextlib.ExitStack() as stack:
            if executor is None:
                pool: cf.Executor = stack.enter_context(cf.ProcessPoolExecutor(
                    max_workers=max(1, jobs), mp_context=ctx, initializer=_worker_init, initargs=(ipython_dir,)))
                futures = {pool.submit(_render, asdict(u), str(trail), str(notebooks), engine): u for u in units}
            else:
                futures = {executor.submit(_render_anywhere, asdict(u), str(trail), str(notebooks), engine,
                                           ipython_dir): u for u in units}
            try:
                for k, fut in enumerate(cf.as_completed(futures), start=1):
                    u = Unit(**fut.result())
                    folder = str(u.parameters.get("data", data))
                    if folder not in inputs:  # each data folder hashed once per run
                        inputs[folder] = _inputs(Path(folder))
                    u.inputs = inputs[folder]
                    done[u.html] = u
                    if progress:
                        progress(u, k, len(units))
            except KeyboardInterrupt:
                for fut in futures:
                    fut.cancel()
                raise
            finally:
                result_units = [done.get(u.html, Unit(**{**asdict(u), "status": "not run"})) for u in units]
                merged = _merge(previous or [], result_units)
                result = RunResult(out, merged, round(time.perf_counter() - t0, 3), trail=trail, held=held)
                if any(u.kind in SURVEY_KINDS and u.status == "ok" for u in result_units):
                    _audit_or_withhold(result, result_units, data, min_n)
                first = primary_lang(previous or [], lang)
                result.index = f"index{lang_suffix(lang, first)}.html"
                indexes = [result.index]
                write_index(trail, merged, lang, min_n, data, name=result.index)
                for other in sorted({str(u.parameters.get("lang")) for u in merged} - {lang, "None"}):
                    indexes.append(f"index{lang_suffix(other, first)}.html")  # it links this language's now
                    write_index(trail, merged, other, min_n, data, name=indexes[-1])
                published = _publish(trail, out, result_units, indexes)
                _write_manifest(result, data, jobs, lang, min_n, started, inputs.get(str(data)), published)
                result.stray = [f"{out / rel}: is not a report of this run; everything in the folder travels with "
                                "the reports, so remove it" for rel in _stray(out, merged)]
    finally:
        shutil.rmtree(ipython_dir, ignore_errors=True)
        if executor is not None:  # what a worker killed half-way left (its own pid is gone by now)
            _remove_leftovers(trail)
    return result


def run_trail(data: str | Path, out: str | Path) -> Path:
    """The private folder of the run into ``out`` from the processed ``data``: where its executed
    notebooks, ledgers, overview data and manifest are kept (never in ``out``); the same ``out``
    always has the same trail (``--only-failed``, a later audit).

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> t = run_trail(d, "reports/sv")
    >>> t.parent.name, t.name.startswith("sv-"), t == run_trail(d, "reports/sv")
    ('runs', True, True)
    """
    out = Path(out).resolve()
    key = fingerprint(data, hashlib.sha256(str(out).encode("utf-8")).hexdigest(), 10)
    return (private_dir(Path(data).resolve()) / "runs" / f"{slugify(out.name) or 'out'}-{key}").resolve()


#: what the run writes for readers: the reports, their PDFs and the index
_PUBLISHED_SUFFIXES = (".html", ".pdf")
#: what earlier versions of tuffkit left in --out beside the reports (now kept in the trail)
_LEGACY = ("manifest.json", "*.ipynb", "*.ledger.jsonl", "*.overview.json")


def _publish(trail: Path, out: Path, now: list[Unit], indexes: Sequence[str] = ("index.html",)) -> dict[str, str]:
    """Copy this run's reports that passed (and the index) from the trail to ``out``; remove from
    ``out`` the reports of this run that failed the audit, and what earlier versions of tuffkit
    left there beside the reports. Returns the SHA-256 of every file now published."""
    for folder in (out, *(out / k for k in _REPORT_FOLDERS)):
        for pattern in _LEGACY:
            for p in folder.glob(pattern):
                if p.is_file():
                    p.unlink(missing_ok=True)
    for u in now:
        target = out / u.html
        if u.status == "ok" and (trail / u.html).exists():
            _atomic_write(target, (trail / u.html).read_bytes())
        elif u.status == "withheld":
            target.unlink(missing_ok=True)
            (out / _pdf(u.html)).unlink(missing_ok=True)
    for index in indexes:
        _atomic_write(out / index, (trail / index).read_bytes())
    return published_files(out)


def _pdf(html_path: str) -> str:
    return html_path.rsplit(".", 1)[0] + ".pdf"


def published_files(out: str | Path) -> dict[str, str]:
    """Every report file in ``out`` (HTML and PDF, relative path -> SHA-256)."""
    out = Path(out)
    return {p.relative_to(out).as_posix(): _hash(p) for p in sorted(out.rglob("*"))
            if p.is_file() and p.suffix in _PUBLISHED_SUFFIXES
            and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def record_published(data: str | Path, out: str | Path, paths: Sequence[str | Path]) -> None:
    """Add files written into ``out`` after the run (the PDFs) to the trail's manifest, so that
    the audit accounts for them."""
    trail = run_trail(data, out)
    path = trail / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    out = Path(out).resolve()
    for p in paths:
        p = Path(p).resolve()
        manifest.setdefault("published", {})[p.relative_to(out).as_posix()] = _hash(p)
    _atomic_write(path, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def _stray(out: Path, units: Sequence[Unit]) -> list[str]:
    """The files in ``out`` that are not the index, a report of ``units`` that is out, or its PDF."""
    langs = {str(u.parameters.get("lang", "")) for u in units}
    allowed = {"index.html", *(f"index.{lang}.html" for lang in langs if lang)}
    allowed |= {x for u in units if u.status == "ok" for x in (u.html, _pdf(u.html))}
    return [p.relative_to(out).as_posix() for p in sorted(out.rglob("*"))
            if p.is_file() and p.relative_to(out).as_posix() not in allowed
            and not _LEFTOVER.match(p.name) and not any(part.startswith(".tuffkit-") for part in
                                                        p.relative_to(out).parts)]


_LEFTOVER = re.compile(r"^\..+\.tmp-(?P<pid>\d+)(\.ipynb)?$")

#: the reports that publish survey numbers: they write a ledger and are audited
SURVEY_KINDS = ("municipality", "program")


def ledger_path(html_path: str) -> str:
    """The ledger beside a report: ``municipality/ludvika.html`` -> ``municipality/ludvika.ledger.jsonl``."""
    from tuffkit.report.ledger import LEDGER_SUFFIX

    return html_path.rsplit(".", 1)[0] + LEDGER_SUFFIX


def survey_plan(data: Path, min_n: int):  # noqa: ANN201 - a tuffkit.disclosure.Plan
    """The run's disclosure plan for the survey reports (:func:`tuffkit.report.runcache.plan`):
    made here once, before any report renders, and kept where every report finds it."""
    from tuffkit.report import runcache
    from tuffkit.report.survey import focus_of

    processed = runcache.processed(data)
    return runcache.plan(data, min_n, focus_of(processed, processed.study.focus))


def audit_run(out: str | Path, data: str | Path | None = None, min_n: int | None = None,
              staged: bool = False) -> tuple[list[str], int, int]:
    """Check the disclosure rule over every survey report of the run into ``out`` (their ledgers,
    kept in the run's private trail, :func:`run_trail`) against the processed data (``data``;
    default ``data/processed``), together with every earlier release of the study that is not
    retired (:mod:`tuffkit.releases`); and check what ``out`` holds: only the reports the trail
    accounts for, each exactly as audited (``staged``: the run's own check before anything is
    copied to ``out``, which skips this). Returns (what is exposed or wrong, as sentences;
    numbers checked; reports checked); raises :class:`~tuffkit.errors.OutputError` when the run
    cannot be audited (a report without a ledger, a ledger from other data).

    Examples
    --------
    >>> import tempfile
    >>> audit_run(tempfile.mkdtemp(), data=tempfile.mkdtemp(), min_n=5)
    ([], 0, 0)
    """
    from tuffkit.config import PROCESSED_DIR
    from tuffkit.disclosure import audit
    from tuffkit.errors import TuffkitError
    from tuffkit.processed import read_processed
    from tuffkit.report import runcache
    from tuffkit.report.ledger import read_ledgers
    from tuffkit.report.releases import earlier_sets

    out = Path(out)
    data = Path(data if data is not None else PROCESSED_DIR)
    trail = run_trail(data, out)
    manifest: dict[str, Any] = {}
    if (trail / "manifest.json").exists():
        try:
            manifest = json.loads((trail / "manifest.json").read_text(encoding="utf-8"))
        except ValueError:
            raise OutputError(f"{trail / 'manifest.json'}: is not a tuffkit manifest") from None
    if not staged and not manifest and out.is_dir() and any(p.is_file() for p in out.rglob("*")):
        raise OutputError(f"{out}: no run from {data} into this folder is on record (the data's private folder "
                          "keeps none); give the --data the reports were made from")
    problems = [] if staged else _check_published(out, manifest, data)
    min_n = int(min_n if min_n is not None else manifest.get("min_n", MIN_N))
    try:
        ledgers = {k: v for k, v in read_ledgers(trail).items() if (trail / k).exists()}
    except (OSError, ValueError) as exc:
        raise OutputError(f"{trail}: a ledger cannot be read ({exc})") from None
    for u in manifest.get("units", []):
        if u.get("kind") in SURVEY_KINDS and u.get("status") == "ok" and (trail / u["html"]).exists() \
                and u["html"] not in ledgers:
            raise OutputError(f"{out / u['html']}: has no ledger in the run's private folder, so the run "
                              "cannot be audited; render it again")
    if not ledgers:
        return problems, 0, 0
    digest = fingerprint(data, _hash(data / "survey.parquet"))
    for name, (header, _) in ledgers.items():
        if header.get("data_fingerprint", header.get("data_sha256")) not in (None, digest):
            raise OutputError(f"{out / name}: was made from other data than {data} (its ledger says so); render "
                              "it again from this data")
    entries = [dict(e, report=name) for name, (_, es) in ledgers.items() for e in es]
    try:
        processed = read_processed(data)
        problems += _unaccounted(trail, out, ledgers, processed, data)
        sc = processed.instrument.scale
        earlier, labels, _ = earlier_sets(data, processed.responses)
        found = audit(entries, processed.responses, min_n, files=runcache.source_files(data),
                      protection=processed.study.protection, scale=(float(sc.min), float(sc.max)), earlier=earlier,
                      labels=labels)
    except TuffkitError as exc:
        raise OutputError(f"{out}: {exc}") from None
    return problems + [e.sentence() for e in found], len(entries), len(ledgers)


def audit_study(data: str | Path, min_n: int | None = None) -> tuple[list[str], int, int]:
    """Check every release of the study in force (:mod:`tuffkit.report.releases`) together against
    the processed ``data``: whatever ``--out`` each run wrote to, nothing about fewer than ``min_n``
    (default: the study's) may be worked out from all of it. Returns (what is exposed, as
    sentences; sets checked; releases checked)."""
    from tuffkit.disclosure import audit
    from tuffkit.errors import TuffkitError
    from tuffkit.processed import read_processed
    from tuffkit.report import runcache
    from tuffkit.report.releases import earlier_sets, releases

    data = Path(data)
    processed = read_processed(data)
    min_n = int(min_n if min_n is not None else processed.study.min_n)
    count = len(releases(data, retired=False))
    earlier, labels, _ = earlier_sets(data, processed.responses)
    sc = processed.instrument.scale
    try:
        found = audit([], processed.responses, min_n, files=runcache.source_files(data),
                      protection=processed.study.protection, scale=(float(sc.min), float(sc.max)), earlier=earlier,
                      labels=labels)
    except TuffkitError as exc:
        raise OutputError(f"{data}: {exc}") from None
    return [e.sentence() for e in found], sum(len(v) for v in earlier.values()), count


def _unaccounted(trail: Path, out: Path, ledgers: dict[str, Any], processed: Any, data: Path) -> list[str]:
    """Every number each survey report prints (its text and alt texts), accounted for by its ledger
    or the study's own words (:func:`tuffkit.report.published.unaccounted`): a number neither
    accounts for is about respondents the audit never saw."""
    from tuffkit.report.published import unaccounted

    study, inst = processed.study, processed.instrument
    words = [str(f.get("file", "")) for f in processed.ingest.get("files", [])]
    for w in study.waves:
        words += [w.id, *w.label.values(), *w.label_in.values()]
    words += [*study.title.values(), *study.focus_label.values(), *processed.units, study.id, inst.id]
    words += [t for it in inst.items for t in (it.sv, it.en)]
    words += [lab for labels in inst.scale.labels.values() for lab in labels.values()]
    structural = [study.min_n, *range(int(inst.scale.min), int(inst.scale.max) + 1), len(inst.items)]
    if inst.indexes:  # the index scale's ends ("Index på skalan 0–100")
        structural += list(inst.rescale[2:]) if inst.rescale else [0, 100]
    problems = []
    for name, (_, es) in ledgers.items():
        missing = unaccounted((trail / name).read_text(encoding="utf-8"), es, words, structural)
        if missing:
            problems.append(f"{out / name}: prints {len(missing)} number(s) about respondents that its ledger does "
                            f"not account for ({', '.join(missing[:5])}); the audit cannot vouch for them")
    return problems


def _check_published(out: Path, manifest: dict[str, Any], data: Path) -> list[str]:
    """What is wrong with what ``out`` holds: a file that is not a report of the run (a data file
    dropped beside them, what an older tuffkit left), a report changed after the audit."""
    if not out.is_dir():
        return []
    published = manifest.get("published", {})
    units = [Unit(**u) for u in manifest.get("units", [])]
    problems = [f"{out / rel}: is not a report of this run (the run made from {data} accounts for no such file); "
                "everything in the folder travels with the reports, so remove it" for rel in _stray(out, units)]
    for rel, digest in published_files(out).items():
        if rel in published and published[rel] != digest:
            problems.append(f"{out / rel}: differs from the report the audit checked (changed after the run); "
                            "render it again")
    return problems


def _audit_or_withhold(result: RunResult, now: list[Unit], data: Path, min_n: int) -> None:
    """Audit the run in its trail before anything is published; when it fails, this run's survey
    reports are removed (HTML, notebook and ledger) and marked ``withheld`` with the reason, so
    none is left as if it were fine. When it passes, the run is registered as a release of the
    study (:func:`tuffkit.releases.register`)."""
    t0 = time.perf_counter()
    trail = result.trail or run_trail(data, result.out)
    try:
        result.audit = audit_run(result.out, data, min_n, staged=True)[0]
    except OutputError as exc:
        result.audit = [str(exc)]
    except Exception as exc:  # a damaged ledger or data file: the run cannot be vouched for
        result.audit = [f"{result.out}: the audit could not be completed ({type(exc).__name__}: {exc})"]
    result.audit_seconds = round(time.perf_counter() - t0, 3)
    if not result.audit:
        _register(data, result.out, trail, min_n)
        return
    for u in now:
        if u.kind in SURVEY_KINDS and u.status == "ok":
            for rel in (u.html, u.ipynb, ledger_path(u.html), u.html.rsplit(".", 1)[0] + ".overview.json"):
                (trail / rel).unlink(missing_ok=True)
            u.status = "withheld"
            u.error = "withheld: the audit of the run failed: " + result.audit[0]


def _register(data: Path, out: Path, trail: Path, min_n: int) -> str | None:
    """Register what the run's survey reports publish as a release of the study
    (:func:`tuffkit.report.releases.register`)."""
    from tuffkit.report import runcache
    from tuffkit.report.ledger import read_ledgers
    from tuffkit.report.releases import register

    ledgers = {k: v for k, v in read_ledgers(trail).items() if (trail / k).exists()}
    entries = [dict(e, report=name) for name, (_, es) in ledgers.items() for e in es]
    if not entries:
        return None
    processed = runcache.processed(data)
    return register(data, out, entries, processed.responses, runcache.source_files(data),
                    {"data_fingerprint": fingerprint(data, _hash(data / "survey.parquet")), "min_n": int(min_n),
                     "protection": float(processed.study.protection), "study": processed.study.id})


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


def _remove_leftovers(out: Path) -> None:
    """What a run killed half-way left in ``out``: ``.name.html.tmp-PID`` files in the folders
    the batch writes, and the kernels' ``.tuffkit-ipython-PID-*`` folder; not those of a
    process that is still running (another run into the same folder)."""
    for folder in (out, *(out / k for k in _REPORT_FOLDERS)):
        for p in folder.glob(".*.tmp-*"):
            m = _LEFTOVER.match(p.name)
            if m and p.is_file() and not _alive(int(m["pid"])):
                p.unlink(missing_ok=True)
    for p in out.glob(".tuffkit-ipython-*-*"):
        pid = p.name.split("-")[2]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(p, ignore_errors=True)


def _inputs(data: Path) -> dict[str, str]:
    """The processed files' keyed fingerprints (:mod:`tuffkit.fingerprint`; a raw hash of a small
    file can be reversed)."""
    return {p.name: fingerprint(data, _hash(p)) for p in sorted(data.glob("*.parquet"))}


def _merge(previous: list[Unit], now: list[Unit]) -> list[Unit]:
    by = {u.html: u for u in previous}
    by.update({u.html: u for u in now})
    order = [u.html for u in previous] + [u.html for u in now if u.html not in {p.html for p in previous}]
    return [by[h] for h in order]


def _write_manifest(result: RunResult, data: Path, jobs: int, lang: str, min_n: int, started: dt.datetime,
                    inputs: dict[str, str] | None = None, published: dict[str, str] | None = None) -> None:
    ingest: dict[str, Any] = {"files": []}
    for meta in ("ingest.json", "project_log.json", "measures.json"):  # every ingest's input files
        if (data / meta).exists():
            ingest["files"] += json.loads((data / meta).read_text(encoding="utf-8")).get("files", [])
    inputs = inputs if inputs is not None else _inputs(data)  # hashed once: the units' hashes, when they have them
    manifest = {
        "created": started.isoformat(timespec="seconds"),
        "seconds": result.seconds,
        "data": str(data),
        "inputs": inputs,
        "raw_files": [{"file": f.get("file"), "fingerprint": fingerprint(data, str(f.get("sha256") or "")),
                       "synthetic": f.get("synthetic")}
                      for f in ingest.get("files", [])],
        "lang": lang,
        "min_n": min_n,
        "jobs": jobs,
        "python": sys.version.split()[0],
        "packages": {p: _version(p) for p in PACKAGES},
        "units": [asdict(u) for u in result.units],
        "failed": [u.name for u in result.units if u.status != "ok"],
        "out": str(result.out),
        "published": published or {},
        "held": result.held,  # what earlier releases of the study made the plan hide, and why
    }
    _atomic_write((result.trail or run_trail(data, result.out)) / "manifest.json",
                  json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def read_manifest(out: str | Path, data: str | Path) -> list[Unit]:
    """The units of the manifest of the run into ``out`` from ``data`` (kept in its trail,
    :func:`run_trail`; for ``--only-failed``)."""
    path = run_trail(data, out) / "manifest.json"
    if not path.exists():
        raise OutputError(f"{path}: no manifest from an earlier run, so there are no failed reports to re-run")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Unit(**u) for u in data["units"]]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise OutputError(f"{path}: is not a tuffkit manifest ({exc})") from None


def _overview_rows(out: Path, units: list[Unit], lang: str, data: Path, ui: dict[str, str] | None = None) -> str:
    """The study overview: one row per survey unit with its respondents, strongest and weakest
    statements, the changes larger than chance and its measures' signals, from what each
    report's summary published (``*.overview.json``), each linking to its report."""
    rows = []
    signals: dict[str, int] = {}
    try:
        from tuffkit.processed import read_processed_measures
        from tuffkit.report.measures import measure_charts

        found = read_processed_measures(data, required=False)
    except Exception:  # noqa: BLE001 - no measures: no column of signals
        found = None
    ui = ui or _UI[lang]
    for u in units:
        if u.kind != "municipality" or u.status != "ok":
            continue
        path = out / (u.html.rsplit(".", 1)[0] + ".overview.json")
        if not path.exists():
            continue
        facts = json.loads(path.read_text(encoding="utf-8"))
        if found is not None and (found[0]["unit"] == u.name).any():
            charts = measure_charts(found[0], u.name)
            # the analysis each chart shows: against the frozen baseline when the series has phases
            kinds = [mc.variation for mc in charts]  # the latest point's verdict, as each chart's icon
            signals[u.name] = sum(k != "common" for k in kinds)
            meas = ui["signals"].format(k=signals[u.name], t=len(charts))
            split = [ui["sig_" + k + ("" if kinds.count(k) == 1 else "_pl")].format(n=kinds.count(k))
                     for k in ("improvement", "concern") if k in kinds]
            if split:
                meas += " (" + ", ".join(split) + ")"
        else:
            meas = "–"
        sure = "<br>".join(facts.get("sure", [])) or "–"
        rows.append(((f'<tr><th scope="row"><a href="{html.escape(u.html)}">{html.escape(u.name)}</a></th>'
                     f"<td>{html.escape(str(facts.get('respondents', '–')))}"
                     f"{' (' + html.escape(str(facts['wave'])) + ')' if facts.get('respondents', '–') != '–' else ''}"
                     "</td>"
                     f"<td>{'<br>'.join(facts.get('strongest', [])) or '–'}</td>"
                     f"<td>{'<br>'.join(facts.get('weakest', [])) or '–'}</td><td>{sure}</td>"), meas))
    if not rows:
        return ""
    with_measures = bool(signals)  # the column only when some unit has measures
    rows = [r + (f"<td>{html.escape(m)}</td>" if with_measures else "") + "</tr>" for r, m in rows]
    cols = ("ov_unit", "ov_n", "ov_best", "ov_worst", "ov_sure", *(("ov_measures",) if with_measures else ()))
    heads = "".join(f'<th scope="col">{html.escape(ui[k])}</th>' for k in cols)
    from tuffkit.report.html import cards

    # on a phone one card per unit, its changes and signals first under its name
    table = cards(f'<table class="tk-table tk-overview"><caption>{ui["overview"]}</caption><thead><tr>{heads}</tr>'
                  f"</thead><tbody>{''.join(rows)}</tbody></table>", key=(4, 5))
    return (f"<h2>{ui['overview']}</h2><p>{ui['overview_intro']}</p>"
            f'<div class="tk-scroll" role="region" tabindex="0" aria-label="{ui["overview"]}">{table}</div>')


def _measures_overview(units: list[Unit], lang: str, data: Path) -> str:
    """Every measure × unit of the processed measures in ``data``: the latest value, the variation
    and assurance icons and a link to its chart, in the unit's measures report when the run made
    one, else in the unit's report (its measures section)."""
    try:
        from tuffkit.processed import read_processed_measures
        from tuffkit.report.measures import MEASURE_TEXTS, measure_charts, overview_table

        found = read_processed_measures(data, required=False)
    except Exception:  # noqa: BLE001 - unreadable or no measures: no table
        return ""
    if found is None:
        return ""
    pages: dict[str, str] = {}
    for kind in ("municipality", "unit", "measures"):  # the later kinds win: the measures report first
        for u in units:
            if u.kind == kind and u.status == "ok":
                pages[u.name] = u.html
    names = sorted({str(v) for v in found[0]["unit"].dropna()}, key=swedish_sort_key)
    charts = [mc for name in names for mc in measure_charts(found[0], name)]
    table = overview_table(charts, lang,  # type: ignore[arg-type]
                           lambda mc: f"{pages[mc.unit]}#{mc.anchor}" if mc.unit in pages else None)
    if not table:
        return ""
    return (f"<h2>{MEASURE_TEXTS['overview'][lang]}</h2><p>{MEASURE_TEXTS['overview_intro'][lang]}</p>{table}")


def write_index(out: Path, units: list[Unit], lang: str, min_n: int, data: Path, name: str = "index.html") -> Path:
    """``index.html`` (``name``): the study overview (one row per unit, see :func:`_overview_rows`)
    and a link to every report in ``lang`` (failed ones listed as such), same style, with a link
    to the index of the reports in another language the folder holds."""
    others = sorted({str(u.parameters.get("lang")) for u in units} - {lang, "None"})
    units_all, units = units, [u for u in units if u.parameters.get("lang", lang) == lang]
    ui = dict(_UI[lang])
    study_title = ""
    try:
        from tuffkit.report import runcache

        study = runcache.processed(data).study
        study_title = study.title_text(lang)
        one, many = study.unit_word(lang), study.unit_word(lang, plural=True)
        ui["municipalities"] = many.capitalize()
        ui["program"] = ui["study"]
        ui["ov_unit"] = one.capitalize()
        ui["overview_intro"] = ui["overview_intro"].replace(_UI[lang]["unit_word"], html.escape(one), 1)
    except Exception:  # noqa: BLE001 - a run of log or measures reports only: the default headings
        pass
    css = (TEMPLATES / "tuffkit" / "report.css").read_text(encoding="utf-8")

    def item(u: Unit) -> str:
        label = html.escape(ui["program"] if u.kind == "program" else u.name)
        if u.status == "ok":
            return f'<li><a href="{html.escape(u.html)}">{label}</a></li>'
        if u.status == "withheld":
            return f"<li>{label} ({ui['withheld']})</li>"
        # the part that failed; the error itself (paths, values) stays in manifest.json and the run's output
        part = re.match(r"the part '([^']*)'", u.error or "")
        why = f": {html.escape(part.group(1))}" if part else ""
        return f"<li>{label} ({ui['failed']}{why})</li>"

    parts = [_overview_rows(out, units, lang, data, ui), _measures_overview(units, lang, data)]
    for kind, heading in (("program", "program"), ("municipality", "municipalities"), ("unit", "units"),
                          ("measures", "measures")):
        these = [u for u in units if u.kind == kind]
        if these:
            parts.append(f"<h2>{html.escape(ui[heading])}</h2><ul>{''.join(item(u) for u in these)}</ul>")
    made = ui["made"].format(d=dt.date.today().isoformat())  # never the server path of the data
    first = primary_lang(units_all, lang)
    for other in others:
        made += (f' <a href="index{lang_suffix(other, first)}.html" lang="{other}" hreflang="{other}">'
                 f"{_UI[other]['other_lang']}</a>")
    title = f"{ui['index_title']}: {html.escape(study_title)}" if study_title else ui["index_title"]
    page = (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="tuffkit-study" content="{html.escape(_study_id(data))}">\n'
            f"<title>{title}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n"
            f'<a class="tk-skip" href="#main">{ui["skip"]}</a>\n<main id="main">\n'
            f"<h1>{title}</h1>\n<p>{made}</p>\n{''.join(parts)}\n</main>\n"
            f'<footer class="tk-footer"><p>{ui["footer"].format(k=min_n)}</p></footer>\n</body>\n</html>\n')
    from tuffkit.report.html import number_columns

    path = out / name
    _atomic_write(path, number_columns(page))
    return path


def _study_id(data: Path) -> str:
    """The id of the study recorded in the processed folder ``data`` ("" without one)."""
    path = Path(data) / "study.json"
    try:
        return str(json.loads(path.read_text(encoding="utf-8")).get("id", ""))
    except (OSError, ValueError, AttributeError):
        return ""


def check_out_folder(out: Path, data: Path, previous: Sequence[Unit]) -> None:
    """Stop, with a sentence, a run into an ``out`` that holds another study's reports (or the
    page linking several studies, ``tuffkit index``): a run adds to its own study's folder, in
    any language, and never writes over another's index.

    >>> import tempfile
    >>> check_out_folder(Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp()), [])  # an empty folder is fine
    """
    if previous:  # this data's earlier run into out: its own folder
        return
    ours = _study_id(data)
    for index in sorted(Path(out).glob("index*.html")):
        m = re.search(r'<meta name="tuffkit-study" content="([^"]*)">', index.read_text(encoding="utf-8",
                                                                                       errors="replace"))
        theirs = html.unescape(m.group(1)) if m else None
        if theirs == ours and ours:
            continue
        what = ("the page linking several studies (tuffkit index)" if theirs == "" else
                f"the reports of the study {theirs}" if theirs else "reports this study's run did not write")
        raise OutputError(f"{out}: holds {what} ({index.name}); give this study's reports their own --out, "
                          "and link the studies with `tuffkit index`")


def write_studies_index(runs: Sequence[str | Path], out: str | Path, lang: str = "sv") -> Path:
    """A page linking the index of every run (study) given: the first page of a research group
    with several studies."""
    out = Path(out)
    ui = _UI[lang]
    css = (TEMPLATES / "tuffkit" / "report.css").read_text(encoding="utf-8")
    items = []
    for run in runs:
        run = Path(run)
        index = run / "index.html"
        if not index.exists():
            raise OutputError(f"{run}: has no index.html (run `tuffkit reports --out {run}` first)")
        m = re.search(r"<h1>(.*?)</h1>", index.read_text(encoding="utf-8"), flags=re.S)
        label = m.group(1) if m else html.escape(run.name)
        href = os.path.relpath(index, out.parent).replace(os.sep, "/")
        items.append(f'<li><a href="{html.escape(href)}">{label}</a></li>')
    page = (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="tuffkit-study" content="">\n'  # several studies' page: no run writes over it
            f"<title>{ui['studies']}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n"
            f'<a class="tk-skip" href="#main">{ui["skip"]}</a>\n<main id="main">\n<h1>{ui["studies"]}</h1>\n'
            f"<ul>{''.join(items)}</ul>\n</main>\n</body>\n</html>\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(out, page)
    return out
