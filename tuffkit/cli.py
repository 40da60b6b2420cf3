"""The ``tuffkit`` command: parses arguments and calls the library; nothing more.

Errors a user can cause end with one sentence on stderr and exit code 2. An ingest
that ran but kept no respondent at all exits with 1 (its outputs say why).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from tuffkit.config import MIN_N, PROCESSED_DIR, REPORTS_DIR
from tuffkit.errors import OutputError, TuffkitError

__all__ = ["main"]


def _out_folder(args: argparse.Namespace) -> Path:
    """``--out``, checked: a name, and not one of the input folders."""
    out = Path(args.out)
    if not args.out.strip():
        raise OutputError("--out needs a folder name")
    for raw in args.paths:
        if Path(raw).resolve() == out.resolve():
            raise OutputError(f"{out}: the output folder must not be an input folder")
    return out


def _report_ingest(result, report: dict, out: Path, kept: int, what: str, rejected_file: str,  # noqa: ANN001
                   lang: str = "en") -> int:
    """Print what an ingest read and wrote (the survey's summary in the study's language ``lang``);
    exit 1 when it kept nothing."""
    from tuffkit.ingest.words import say

    print(result.summary())
    print()
    print(say("outputs", lang, out=out, files=", ".join(report["outputs"])))
    if kept == 0:
        if len(result.rejected):
            print(f"tuffkit: error: no {what} was kept; the reasons are in {out / rejected_file}", file=sys.stderr)
        else:  # nothing rejected either: the files hold a header and no rows
            files = ", ".join(str(f) for f in result.files["file"]) if len(result.files) else "the input"
            print(f"tuffkit: error: {files}: no rows below the header; no {what} to read", file=sys.stderr)
        return 1
    return 0


def _init(args: argparse.Namespace) -> int:
    from tuffkit.starter import start_study

    written = start_study(args.folder, title=args.title, instrument=args.instrument, unit_word=args.unit_word,
                          lang=args.lang, example=args.example)
    folder = Path(args.folder)
    print(f"A new study in {folder}/: {', '.join(p.name + ('/' if p.is_dir() else '') for p in written)}")
    print(f"Next (see {folder / 'README.md'}):")
    print(f"  cd {folder}")
    if not args.example:
        print("  (put the survey exports in exports/ and edit study.yaml"
              + ("" if args.instrument else " and instrument.yaml") + ")")
    print("  tuffkit ingest exports")
    print("  tuffkit reports --all --program")
    print("  tuffkit audit reports")
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from tuffkit.ingest.survey import read_survey, write_ingest
    from tuffkit.ingest.words import say

    out = _out_folder(args)
    data = read_survey(args.paths, instrument=args.instrument, mapping=args.mapping,
                       codebooks=args.codebook, wave=args.wave, study=args.study)
    report = write_ingest(data, out)
    if data.study is not None:
        print(say("study", data.lang, title=data.study.title_text(data.lang), id=data.study.id,
                  source=data.study.source.removeprefix("study file ")))
    code = _report_ingest(data, report, out, len(data.respondents), "respondent", "rejected.csv", data.lang)
    if "invited" in report:
        print(_invited_line(report["invited"], out, data.lang))
    return code


def _invited_line(check: dict, out: Path, lang: str = "en") -> str:
    """What the ingest made of the study's invited counts, in the summary's language."""
    from tuffkit.ingest.words import say

    text = say("invited", lang, file=check["file"], rows=check["rows"], copy=out / "invited.csv")
    for key in ("units_not_in_data", "waves_not_in_data", "units_without_counts"):
        if check[key]:
            text += f"\n  {say('invited_' + key, lang)}: {', '.join(check[key])}"
    return text


def _inspect(args: argparse.Namespace) -> int:
    from tuffkit.ingest.inspect import draft_mapping, inspect_file
    from tuffkit.ingest.survey import expand_paths

    views = []
    for path in expand_paths(args.paths):
        views += inspect_file(path, instrument=args.instrument, mapping=args.mapping)
    print("\n\n".join(v.text() for v in views))
    draft = draft_mapping(views)
    if args.draft:
        out = Path(args.draft)
        if out.exists() and not args.force:
            raise OutputError(f"{out}: exists; give another name or --force to replace it")
        try:
            out.write_text(draft, encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"{out}: cannot be written ({exc.strerror})") from None
        print(f"\nDraft mapping written to {out}: check it, then `tuffkit ingest ... --mapping {out}`")
    else:
        print("\n" + draft)
    return 0


def _ingest_log(args: argparse.Namespace) -> int:
    from tuffkit.ingest.projectlog import read_project_log, write_project_log

    out = _out_folder(args)
    log = read_project_log(args.paths, mapping=args.mapping)
    report = write_project_log(log, out)
    return _report_ingest(log, report, out, len(log.entries), "entry", "project_log_rejected.csv")


def _ingest_measures(args: argparse.Namespace) -> int:
    from tuffkit.ingest.measures import read_measures, write_measures

    out = _out_folder(args)
    m = read_measures(args.paths)
    report = write_measures(m, out)
    return _report_ingest(m, report, out, len(m.data), "point", "measures_rejected.csv")


def _units_asked(names: list[str], all_logs: bool, data: Path) -> tuple[list[str], list[str]]:
    """The survey units and the improvement-log units of ``--unit NAME ...`` (each name read as the
    data spells it; a unit in both gets both reports) and of ``--all-units`` (every log unit). A name
    in neither is an error in the study's word for its units."""
    from tuffkit.errors import TuffkitError
    from tuffkit.names import find_name
    from tuffkit.processed import read_processed, read_processed_log

    survey = read_processed(data) if (data / "survey.parquet").exists() else None
    log = read_processed_log(data) if (data / "project_log.parquet").exists() or all_logs else None
    in_survey, in_log = [], list(log.units) if (log is not None and all_logs) else []
    for name in names:
        found = False
        for source, into in ((survey, in_survey), (log, in_log)):
            if source is None:
                continue
            known = source.units if source is survey else source.units
            try:
                into.append(find_name(name, known, what="unit", where=str(data)))
                found = True
            except TuffkitError:
                pass
        if not found:  # the closest names of either, in the study's word
            word = survey.study.unit_word("en") if survey is not None else "unit"
            known = sorted({*(survey.units if survey is not None else []),
                            *(log.units if log is not None else [])})
            find_name(name, known, what=word, where=str(data))
            raise TuffkitError(f"--unit {name}: not a {word} of the study in {data}")  # find_name said it first
    return list(dict.fromkeys(in_survey)), list(dict.fromkeys(in_log))


def _reports(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from tuffkit.batch import plan_units, read_manifest, run_reports
    from tuffkit.privacy import check_min_n
    from tuffkit.processed import read_invited, read_processed

    if args.lang is not None and args.lang not in ("sv", "en"):
        raise TuffkitError(f"--lang must be sv or en, not {args.lang!r}")
    if args.min_n is not None:
        check_min_n(args.min_n)
    formats = _formats(args.format)  # before any render: a missing extra is said now
    out = Path(args.out)
    study = None
    if not args.only_failed and (Path(args.data) / "survey.parquet").exists():
        study = read_processed(Path(args.data)).study  # the study recorded at ingest gives the defaults
    args.lang = args.lang or (study.lang if study else "sv")
    args.min_n = args.min_n or (study.min_n if study else MIN_N)
    if args.invited is None:
        args.invited = study.invited if study else ""
    # the reports already in --out stay, under their names, in the manifest and the index
    # (--only-failed needs the manifest: read_manifest says so when there is none)
    from tuffkit.batch import run_trail

    trail = run_trail(args.data, out)
    previous = read_manifest(out, args.data) if args.only_failed or (trail / "manifest.json").exists() else []
    if args.only_failed:
        units = [u for u in previous if u.status != "ok"]
        if not units:
            print(f"No failed report in the last run into {out}; nothing to re-run.")
            return 0
        data_dir = Path(units[0].parameters["data"])
    else:
        data_dir = Path(args.data).resolve()
        log_units: list[str] = []
        survey_units: list[str] = []
        if args.unit or args.all_units:
            survey_units, log_units = _units_asked(args.unit, args.all_units, data_dir)
            if args.asof and log_units:
                _check_date(args.asof, "--asof")
        measure_units: list[str] = []
        if args.measures or args.all_measures:
            from tuffkit.names import find_name
            from tuffkit.processed import read_processed_measures

            mdata, _ = read_processed_measures(data_dir)  # type: ignore[misc]
            known = sorted(str(u) for u in mdata["unit"].dropna().unique())
            measure_units = known if args.all_measures else [
                find_name(u, known, what="unit", where=str(data_dir / "measures.parquet")) for u in args.measures]
        program = args.program or (not args.unit and not args.all and not args.all_units and not measure_units)
        names: list[str] = []
        waves: dict[str, str] = {}
        invited = ""
        if survey_units or args.all or program:
            processed = read_processed(data_dir)
            read_invited(args.invited, processed.study.unit_words())  # a bad file is an error now, not in every report
            for wave in (args.from_wave, args.to_wave, args.followup_wave):
                if wave:
                    from tuffkit.names import find_name

                    find_name(wave, processed.waves, what="wave", where=str(data_dir))
            names = processed.units if args.all else survey_units
            waves = {"from_wave": args.from_wave, "to_wave": args.to_wave, "followup_wave": args.followup_wave}
            invited = str(Path(args.invited).resolve()) if args.invited else ""
        units = plan_units(data_dir, names, program, args.lang, args.min_n, invited, waves, log_units=log_units,
                           asof=args.asof, show_descriptions=args.show_descriptions, measure_units=measure_units,
                           previous=previous)
    bar = tqdm(total=len(units), unit="report", file=sys.stderr, disable=args.quiet or None)

    def progress(unit, k, total):
        bar.set_postfix_str(f"{unit.name}: {unit.status}", refresh=False)
        bar.update(1)

    try:
        with contextlib.ExitStack() as stack:
            executor = stack.enter_context(_cluster(args.scheduler)) if args.scheduler else None
            result = run_reports(units, out, data_dir, jobs=args.jobs, lang=args.lang, min_n=args.min_n,
                                 progress=progress, previous=previous, executor=executor)
    finally:
        bar.close()
    ok = [u for u in units if any(r.html == u.html and r.status == "ok" for r in result.units)]
    print(f"{len(ok)} of {len(units)} report(s) written in {result.seconds:.1f} s; open {out / result.index}")
    if "pdf" in formats:  # the reports of this run that are out (not failed, not withheld by the audit)
        from tuffkit.batch import record_published
        from tuffkit.report.pdf import print_run

        printed = print_run(out, [u for u in result.units if u.html in {v.html for v in units}])
        record_published(data_dir, out, printed)
        print(f"{len(printed)} PDF(s) printed beside the HTML reports")
    if result.held:
        print(f"Earlier releases of the study: {len(result.held)} figure(s) are not shown, because beside what was "
              "published before they would tell about fewer than the minimum number of respondents (each is listed "
              f"under 'held' in {result.trail / 'manifest.json'}; `tuffkit releases --data {data_dir}` lists the "
              "releases)")
    if result.audit:
        print(f"tuffkit: error: the audit of {out} failed, so this run's survey reports were withheld (removed): "
              f"{result.audit[0]}" + (f" (and {len(result.audit) - 1} more)" if len(result.audit) > 1 else ""),
              file=sys.stderr)
        return 1
    now = {u.html for u in units}
    failed = [u for u in result.failed if u.html in now]  # not the earlier runs' failures kept in the index
    if failed:
        print(f"tuffkit: error: {len(failed)} report(s) failed (re-run them with --only-failed):",
              file=sys.stderr)
        for u in failed:
            print(f"  {u.name}: {u.error} (executed notebook: {result.trail / u.ipynb})", file=sys.stderr)
        return 1
    if result.stray:
        for sentence in result.stray:
            print(f"tuffkit: error: {sentence}", file=sys.stderr)
        return 1
    return 0


def _formats(text: str) -> set[str]:
    formats = {f.strip().lower() for f in text.split(",") if f.strip()}
    if not formats or not formats <= {"html", "pdf"} or "html" not in formats:
        raise TuffkitError(f"--format must be html or html,pdf (the PDF is printed from the HTML), not {text!r}")
    if "pdf" in formats:
        try:
            import playwright  # noqa: F401
        except ImportError:
            raise TuffkitError("--format pdf needs Playwright: pip install 'tuffkit[pdf]' (it prints with the "
                               "system's Chromium, /usr/bin/chromium)") from None
    return formats


@contextlib.contextmanager
def _cluster(address: str):  # noqa: ANN202 - yields a concurrent.futures.Executor
    """A Dask cluster's executor for the batch: ``Client(address).get_executor()``, closed after."""
    try:
        from distributed import Client
    except ImportError:
        raise TuffkitError("--scheduler needs Dask's distributed package: pip install 'tuffkit[cluster]'") from None
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise TuffkitError(f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}: {exc})") from None
    try:
        yield client.get_executor()
    finally:
        client.close()


def _audit(args: argparse.Namespace) -> int:
    from tuffkit.batch import audit_run, audit_study

    if args.study:
        if args.run_dir:
            raise TuffkitError("give RUN_DIR or --study, not both")
        found, sets, count = audit_study(args.data, args.min_n)
        if found:
            for sentence in found:
                print(f"tuffkit: exposed: {sentence}", file=sys.stderr)
            print(f"tuffkit: error: the audit of the releases of {args.data} failed: {len(found)} group(s) of fewer "
                  "than the minimum can be worked out from what they published together", file=sys.stderr)
            return 1
        print(f"Audit of the study in {args.data}: {sets} published sets in {count} release(s) checked together; no "
              "group of fewer than the minimum number of respondents can be worked out from them.")
        return 0
    if not args.run_dir:
        raise TuffkitError("give the --out folder of a run (RUN_DIR), or --study for every release of the study")
    out = Path(args.run_dir)
    if not out.is_dir():
        raise TuffkitError(f"{out}: no such folder of reports")
    try:
        found, numbers, reports = audit_run(out, args.data, args.min_n)
    except TuffkitError:
        raise
    except (ValueError, KeyError, TypeError) as exc:  # a damaged ledger: not a traceback
        raise TuffkitError(f"{out}: the audit could not read the ledgers ({type(exc).__name__}: {exc})") from None
    if found:
        exposed = [x for x in found if x[:1].isdigit()]  # "3 respondent(s) (...) are exposed: ..."
        for sentence in found:
            print(f"tuffkit: {'exposed' if sentence in exposed else 'error'}: {sentence}", file=sys.stderr)
        why = [f"{len(exposed)} group(s) of fewer than the minimum can be worked out from the published numbers"
               if exposed else "", f"{len(found) - len(exposed)} file(s) in it are not what the run published"
               if len(found) > len(exposed) else ""]
        print(f"tuffkit: error: the audit of {out} failed: {'; '.join(w for w in why if w)}", file=sys.stderr)
        return 1
    print(f"Audit of {out}: {numbers} published numbers in {reports} report(s) checked; no group of fewer than the "
          "minimum number of respondents can be worked out from them.")
    return 0


def _releases(args: argparse.Namespace) -> int:
    from tuffkit.report.releases import releases, retire

    if not (Path(args.data) / "survey.parquet").exists():
        raise TuffkitError(f"{args.data}: holds no processed survey (run `tuffkit ingest` to make it)")
    if args.retire:
        meta = retire(args.data, args.retire, args.reason)
        print(f"Release {meta['id']} ({meta['created'][:10]}, {meta['out']}) is retired: later runs are no longer "
              "planned or audited against it. Retire only what was never sent to anyone.")
        return 0
    rels = releases(args.data)
    if rels.empty:
        print(f"The study in {args.data} has no releases yet (a run whose audit passes makes one).")
        return 0
    print(f"Releases of the study in {args.data} (every run whose audit passed; later runs are planned against "
          "those in force):")
    for r in rels.itertuples():
        state = f"retired {r.retired['when'][:10]}" if isinstance(r.retired, dict) else "in force"
        print(f"  {r.id}  {str(r.created)[:16].replace('T', ' ')}  {r.out}  min_n {r.min_n}  {r.sets} sets in "
              f"{len(r.reports)} report(s)  {state}")
    return 0


def _index(args: argparse.Namespace) -> int:
    from tuffkit.batch import write_studies_index

    path = write_studies_index(args.runs, args.out, args.lang)
    print(f"Studies: {path}")
    return 0


def _check_date(text: str, option: str) -> None:
    import datetime as dt

    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise TuffkitError(f"{option} must be a date in the form YYYY-MM-DD, not {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``tuffkit`` command."""
    parser = argparse.ArgumentParser(
        prog="tuffkit",
        description="Research workbench for systematic development work (TUFF, Leda för Resultat).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('tuffkit')}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ini = sub.add_parser(
        "init",
        help="start a study: a folder with study.yaml, an instrument to edit, exports/ and the next commands",
        description=(
            "Make FOLDER (new or empty) a study folder: a commented study.yaml, instrument.yaml to edit (or a "
            "built-in named with --instrument), an empty exports/ folder, invited.csv (the number invited per unit "
            "and wave), explore.ipynb and a README naming the next three commands, which are run in FOLDER."),
    )
    ini.add_argument("folder", metavar="FOLDER", help="the new study folder")
    ini.add_argument("--title", default="", help="the study's title (default: the folder's name)")
    ini.add_argument("--instrument", default="", metavar="NAME",
                     help="a built-in instrument (lfr19, hme) instead of instrument.yaml to edit")
    ini.add_argument("--unit-word", default="enhet", metavar="WORD",
                     help="the word for the units: enhet (default), kommun, arbetsplats, boende, förvaltning, skola")
    ini.add_argument("--lang", default="sv", choices=["sv", "en"], help="the reports' language (default: sv)")
    ini.add_argument("--example", action="store_true",
                     help="also put a small synthetic export in exports/, to try the commands at once")
    ini.set_defaults(func=_init)
    ing = sub.add_parser(
        "ingest",
        help="read survey exports (.xlsx/.csv) into tidy files, accounting for every row",
        description=(
            "Read survey exports (.xlsx/.csv files or folders of them) and write survey.parquet, "
            "respondents.parquet, rejected.csv, problems.csv and ingest.json into --out."
        ),
    )
    ing.add_argument("paths", nargs="+", metavar="PATH", help="export files or folders holding them")
    ing.add_argument("--instrument", default=None, metavar="NAME|FILE",
                     help="built-in instrument name or instrument YAML file (default: the study's, else lfr19)")
    ing.add_argument("--study", default=None, metavar="FILE",
                     help="the study file (title, instrument, units, waves, focus group; see tuffkit/study.py); "
                          "default: a study.yaml beside the exports, else a study from the instrument and the data")
    ing.add_argument("--mapping", default=None, metavar="FILE",
                     help="YAML mapping of the export's own headers and codes")
    ing.add_argument("--out", default=str(PROCESSED_DIR), metavar="DIR",
                     help=f"output folder (default: {PROCESSED_DIR})")
    ing.add_argument("--wave", default=None, metavar="LABEL",
                     help="the wave of every file without a wave column (e.g. 2014); without it such a file's "
                     "wave comes from its timestamps")
    ing.add_argument("--codebook", nargs="+", default=[], metavar="FILE",
                     help="LimeSurvey survey structure files (.lss/.txt) for exports of answer codes")
    ing.set_defaults(func=_ingest)
    ins = sub.add_parser(
        "inspect",
        help="show how each column of an export would be read, and draft a mapping file",
        description=(
            "Print how every column of the files would be understood (field, statement number, time of "
            "response, a survey tool's own column, or unknown), the values and codes found, and a draft "
            "mapping file with every guess commented."
        ),
    )
    ins.add_argument("paths", nargs="+", metavar="FILE", help="export files")
    ins.add_argument("--instrument", default="lfr19", metavar="NAME|FILE", help="built-in instrument or file")
    ins.add_argument("--mapping", default=None, metavar="FILE", help="a mapping file to apply first")
    ins.add_argument("--draft", default="", metavar="FILE", help="write the draft mapping to FILE (else print it)")
    ins.add_argument("--force", action="store_true", help="replace an existing --draft file")
    ins.set_defaults(func=_inspect)
    il = sub.add_parser(
        "ingest-log",
        help="read improvement-log exports (.xlsx/.csv) into a tidy file, accounting for every row",
        description=(
            "Read improvement-log exports (ideas, obstacles, tests, things stopped, learnings; format in "
            "docs/project-log.md) and write project_log.parquet, project_log_rejected.csv, "
            "project_log_problems.csv and project_log.json into --out."
        ),
    )
    il.add_argument("paths", nargs="+", metavar="PATH", help="log export files or folders holding them")
    il.add_argument("--mapping", default=None, metavar="FILE",
                    help="YAML mapping of the export's own headers and codes")
    il.add_argument("--out", default=str(PROCESSED_DIR), metavar="DIR",
                    help=f"output folder (default: {PROCESSED_DIR})")
    il.set_defaults(func=_ingest_log)
    im = sub.add_parser(
        "ingest-measures",
        help="read measure series (.xlsx/.csv, saved Kolada .json) into a tidy file, accounting for every row",
        description=(
            "Read measure series in the long format (unit, measure, period, value, numerator, denominator, "
            "phase) and saved Kolada API responses (v2 and v3 .json) and write measures.parquet, "
            "measures_rejected.csv, measures_problems.csv and measures.json into --out."
        ),
    )
    im.add_argument("paths", nargs="+", metavar="PATH", help="files or folders holding them")
    im.add_argument("--out", default=str(PROCESSED_DIR), metavar="DIR",
                    help=f"output folder (default: {PROCESSED_DIR})")
    im.set_defaults(func=_ingest_measures)
    rep = sub.add_parser(
        "reports",
        help="render the HTML reports: per unit of the study, for the whole study, per unit of the log",
        description=(
            "Run the report notebooks with papermill for each unit of the study (as its study file names them: "
            "municipalities, care homes, workplaces), the whole study and each unit of the improvement log, and export "
            "self-contained HTML without code, and index.html, into --out: unit/<name>.html, study.html, log/ and "
            "measures/ (the executed notebooks, ledgers and manifest.json stay in the private folder of the processed "
            "data). Reports in a second language get their own names (study.en.html) and index (index.en.html). "
            "Without --unit, --all, --all-units, --measures or --all-measures, renders the whole study's report."
        ),
    )
    rep.add_argument("--data", default=str(PROCESSED_DIR), metavar="DIR",
                     help=f"output folder of `tuffkit ingest` (default: {PROCESSED_DIR})")
    who = rep.add_mutually_exclusive_group()
    who.add_argument("--unit", "--municipality", dest="unit", nargs="+", default=[], metavar="NAME",
                     help="the study's units to render (its municipalities, care homes, workplaces): each unit's "
                          "survey report, and its improvement-log report where the log has the unit")
    who.add_argument("--all", action="store_true", help="every unit of the study in the data (its survey reports)")
    rep.add_argument("--program", "--study", dest="program", action="store_true",
                     help="also the report of the whole study (study.html)")
    rep.add_argument("--all-units", action="store_true",
                     help="every unit's improvement-log report (needs `tuffkit ingest-log`)")
    meas = rep.add_mutually_exclusive_group()
    meas.add_argument("--measures", nargs="+", default=[], metavar="NAME",
                      help="the units whose measures report (run and control charts) to render")
    meas.add_argument("--all-measures", action="store_true", help="every unit with measures")
    rep.add_argument("--asof", default="", metavar="YYYY-MM-DD",
                     help="the date the improvement log is read at (default: the last date in it)")
    rep.add_argument("--show-descriptions", action="store_true",
                     help="show the log's free text (descriptions, LT decision texts) in the unit reports; "
                          "off by default because it can identify residents or staff")
    rep.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), metavar="N",
                     help="worker processes, each with one reused kernel (default: 2 or the number of cores)")
    rep.add_argument("--out", default=str(REPORTS_DIR), metavar="DIR", help=f"output folder (default: {REPORTS_DIR})")
    rep.add_argument("--lang", default=None, metavar="sv|en", help="report language (default: the study's, else sv)")
    rep.add_argument("--min-n", type=int, default=None, metavar="N",
                     help=f"smallest group shown (default: the study's, else {MIN_N})")
    rep.add_argument("--from-wave", default="", help="first wave compared (default: the study's baseline)")
    rep.add_argument("--to-wave", default="", help="second wave compared (default: the study's end)")
    rep.add_argument("--followup-wave", default="", help="follow-up wave (default: the study's)")
    rep.add_argument("--invited", default=None, metavar="FILE",
                     help="CSV with the number invited per unit and wave (response rate; default: the study's)")
    rep.add_argument("--only-failed", action="store_true",
                     help="re-run only the reports that failed in the last run into --out")
    rep.add_argument("--quiet", action="store_true", help="no progress bar")
    rep.add_argument("--scheduler", default="", metavar="ADDRESS",
                     help="render on a Dask cluster (e.g. tcp://10.0.0.5:8786) instead of --jobs local processes; "
                          "the data, the notebooks and --out must be on a file system its workers share "
                          "(needs pip install 'tuffkit[cluster]')")
    rep.add_argument("--format", default="html", metavar="html[,pdf]",
                     help="html (default), or html,pdf: also an A4 PDF beside each report, printed offline by "
                          "headless Chromium (needs pip install 'tuffkit[pdf]')")
    rep.set_defaults(func=_reports)
    aud = sub.add_parser(
        "audit",
        help="check that no small group can be worked out from the numbers a run's reports publish",
        description=(
            "Rebuild the respondent group of every number the reports of the run into RUN_DIR published (their "
            "ledgers, in the private folder of the processed data) and check the disclosure rule over them and "
            "every earlier release of the study together: no group of fewer than --min-n respondents may have its "
            "count, sum, mean or distribution determinable from them. Also fails on a file in RUN_DIR that is not a "
            "report of the run, or a report changed after the run. Exits 1 naming what is wrong. `tuffkit reports` "
            "runs it before anything is written to --out."),
    )
    aud.add_argument("run_dir", metavar="RUN_DIR", nargs="?", default="",
                     help="the --out folder of `tuffkit reports`")
    aud.add_argument("--study", action="store_true",
                     help="instead of one run, check every release of the study in force together")
    aud.add_argument("--data", default=str(PROCESSED_DIR), metavar="DIR",
                     help=f"the processed data the run was made from (default: {PROCESSED_DIR})")
    aud.add_argument("--min-n", type=int, default=None, metavar="N", help="smallest group (default: the run's)")
    aud.set_defaults(func=_audit)
    rel = sub.add_parser(
        "releases", help="list the study's releases (what its runs have published), or retire one",
        description=("Every run whose audit passes is registered as a release of the study, in the private folder "
                     "of its processed data; later runs are planned and audited against every release in force, "
                     "whatever their --out. Retire a release only when it was never sent to anyone."))
    rel.add_argument("--data", default=str(PROCESSED_DIR), metavar="DIR",
                     help=f"the processed data of the study (default: {PROCESSED_DIR})")
    rel.add_argument("--retire", default="", metavar="ID", help="retire this release")
    rel.add_argument("--reason", default="", help="why (kept with the release)")
    rel.set_defaults(func=_releases)
    idx = sub.add_parser("index", help="write a page linking the reports of several studies (runs)",
                         description="Write one page that links the index.html of every RUN_DIR given.")
    idx.add_argument("runs", nargs="+", metavar="RUN_DIR", help="--out folders of `tuffkit reports`")
    idx.add_argument("--out", required=True, metavar="FILE", help="the page to write (e.g. reports/index.html)")
    idx.add_argument("--lang", default="sv", choices=["sv", "en"], help="language of the page (default: sv)")
    idx.set_defaults(func=_index)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a reader that went away shows here, not at the interpreter's exit
        return code
    except TuffkitError as exc:
        print(f"tuffkit: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # whoever read our output stopped reading (`tuffkit ingest ... | head`): nothing more
        # goes to stdout, and Python must not complain about it again when it exits
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print("tuffkit: error: the output was closed before all of it was written", file=sys.stderr)
        return 1
    except OSError as exc:  # a folder or file the system refuses: read-only, full, not readable
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"tuffkit: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        from concurrent.futures import BrokenExecutor

        if not isinstance(exc, BrokenExecutor):
            raise
        print("tuffkit: error: a report worker stopped abruptly (out of memory?); the reports done so far are "
              "in the manifest, and --only-failed renders the rest", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tuffkit: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
