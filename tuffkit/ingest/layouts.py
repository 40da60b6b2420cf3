"""The layouts of the survey tools' exports: which tool wrote a table, and its own columns.

Each tool writes columns of its own beside the questions: ids, times, IP addresses,
e-mail and names. :func:`detect_tool` names the tool from them (and from the header's
shape: SurveyMonkey's two rows, Qualtrics' three); the ingest then leaves those columns
out without a word (they are not the survey's questions, and some are personal data
that never leaves the export), reads the respondent id and the time of the response from
the right ones, and says "read as a Microsoft Forms export".

=================  ===========================================================  ==========
tool               recognised by                                                header
=================  ===========================================================  ==========
Microsoft Forms    ``ID``, ``Start time``, ``Completion time`` (or Swedish)      one row
Google Forms       ``Timestamp``/``Tidstämpel`` in the first column               one row
SurveyMonkey       ``Respondent ID``, ``Collector ID``                            two rows
Qualtrics          ``ResponseId``, ``RecordedDate`` and the ImportId row          three rows
LimeSurvey         ``id``, ``submitdate``, ``lastpage``, ``startlanguage``
                   (as codes or as text headings, English or Swedish)            one row
REDCap             ``record_id`` with ``redcap_event_name``, ``redcap_survey_...``
                   or a ``<form>_complete`` column (raw); ``Record ID`` with
                   ``Event Name`` or ``Complete?`` (labels)                      one row
KoboToolbox        ``_uuid``, ``_submission_time``                              one row
ODK                ``SubmissionDate``, ``meta-instanceID`` (ODK Central)          one row
SPSS               a ``.sav`` file (its variable labels are the headers)
=================  ===========================================================  ==========
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tuffkit.names import norm

__all__ = ["Tool", "TOOLS", "detect_tool", "described", "preview_column", "TEST_STATUS"]

#: Qualtrics' response types that are not respondents: the researcher's previews and tests,
#: and what Qualtrics flagged as spam (text and numeric exports).
TEST_STATUS: frozenset[str] = frozenset(
    ["survey preview", "survey test", "spam", "offline survey preview", "1", "2", "8", "17"])

_CODE_TEXT = re.compile(r"^([a-z][a-z0-9_]*(?:\[[a-z0-9_]+\])?)\.\s+(.+)$")


@dataclass(frozen=True)
class Tool:
    """A survey tool's export layout: its name, the headers that mark it (all of one of the
    ``marks`` sets must be present) and its own columns (normalised headers or ids)."""

    name: str
    marks: tuple[frozenset[str], ...]
    own: frozenset[str]


def _s(*names: str) -> frozenset[str]:
    return frozenset(norm(n) for n in names)


TOOLS: tuple[Tool, ...] = (
    Tool(
        "Qualtrics",
        (_s("responseid", "recordeddate"), _s("response id", "recorded date", "response type")),
        _s("startdate", "enddate", "status", "ipaddress", "progress", "duration (in seconds)", "finished",
           "recordeddate", "responseid", "recipientlastname", "recipientfirstname", "recipientemail",
           "externalreference", "externaldatareference", "locationlatitude", "locationlongitude",
           "distributionchannel", "userlanguage", "q_recaptchascore", "q_relevantidduplicate",
           "q_relevantidduplicatescore", "q_relevantidfraudscore", "q_relevantidlaststartdate",
           "start date", "end date", "response type", "ip address", "progress", "finished", "recorded date",
           "response id", "recipient last name", "recipient first name", "recipient email",
           "external data reference", "external reference", "location latitude", "location longitude",
           "distribution channel", "user language"),
    ),
    Tool(
        "SurveyMonkey",
        (_s("respondent id", "collector id"),),
        _s("respondent id", "collector id", "start date", "end date", "ip address", "email address",
           "first name", "last name", "custom data", "custom data 1", "custom data 2", "custom data 3"),
    ),
    Tool(
        "LimeSurvey",
        (_s("id", "submitdate", "lastpage", "startlanguage"),
         _s("response id", "date submitted", "last page", "start language"),
         _s("svars-id", "datum inskickat", "senaste sida", "startspråk")),
        _s("id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr",
           "refurl", "token", "interviewtime",
           "response id", "date submitted", "last page", "start language", "seed", "date started",
           "date last action", "ip address", "referrer url", "token", "total time",
           "svars-id", "datum inskickat", "senaste sida", "startspråk", "frö", "datum startat",
           "datum för senaste åtgärd", "ip-adress", "hänvisnings-url", "total tid"),
    ),
    Tool(
        "Microsoft Forms",
        (_s("id", "start time", "completion time"), _s("id", "starttid", "tid för slutförande")),
        _s("id", "start time", "completion time", "email", "name", "last modified time", "total points",
           "quiz feedback", "starttid", "tid för slutförande", "e-post", "e-postadress", "namn",
           "tid för senaste ändring", "senaste ändringstid", "totalt antal poäng", "poäng"),
    ),
    Tool(
        "REDCap",
        (_s("record_id", "redcap_event_name"), _s("record_id", "redcap_survey_identifier"),
         _s("record_id", "redcap_repeat_instrument"), _s("record id", "event name"),
         _s("record id", "survey identifier"), _s("record id", "repeat instrument")),
        _s("redcap_survey_identifier", "redcap_repeat_instrument", "redcap_repeat_instance",
           "redcap_data_access_group", "survey identifier", "repeat instrument", "repeat instance",
           "data access group"),
    ),
    Tool(
        "KoboToolbox",
        (_s("_uuid", "_submission_time"), _s("_id", "_uuid")),
        _s("start", "end", "today", "deviceid", "username", "simserial", "subscriberid", "phonenumber", "audit",
           "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
           "__version__", "_tags", "_index", "meta/instanceid", "formhub/uuid", "_xform_id_string", "_attachments",
           "_geolocation", "meta/rootuuid", "meta/deprecatedid"),
    ),
    Tool(
        "ODK",
        (_s("submissiondate", "meta-instanceid"), _s("submissiondate", "key")),
        _s("submissiondate", "start", "end", "today", "deviceid", "meta-instanceid", "key", "submitterid",
           "submittername", "attachmentspresent", "attachmentsexpected", "status", "reviewstate", "edits",
           "formversion"),
    ),
    Tool(
        "Google Forms",
        (_s("timestamp"), _s("tidstämpel"), _s("tidsstämpel")),
        _s("timestamp", "tidstämpel", "tidsstämpel", "email address", "e-postadress", "score", "poäng"),
    ),
)


def detect_tool(headers: list[str], codes: list[str] | None = None, kind: str = "single",
                fmt: str = "csv") -> tuple[str | None, set[int]]:
    """The tool whose export this header is (``None`` for a table of no known tool) and the
    positions of the tool's own columns.

    Examples
    --------
    >>> detect_tool(["Timestamp", "Vilken kommun arbetar du i?", "Email Address", "F1"])
    ('Google Forms', {0, 2})
    >>> detect_tool(["Kommun", "F1"])
    (None, set())
    """
    normed = [norm(h) for h in headers]
    coded = [norm(c) for c in codes] if codes else [""] * len(normed)
    for k, h in enumerate(normed):  # LimeSurvey "code. text" headings: "id. svars-id"
        if (m := _CODE_TEXT.match(h)) and not coded[k]:
            normed[k], coded[k] = norm(m.group(2)), m.group(1)
    present = set(normed) | set(coded)
    for tool in TOOLS:
        if tool.name == "Google Forms" and (not normed or normed[0] not in tool.own):
            continue
        if any(m <= present for m in tool.marks) or (tool.name == "REDCap" and _redcap_plain(normed)):
            own = {i for i, (h, c) in enumerate(zip(normed, coded, strict=False)) if h in tool.own or c in tool.own
                   or (tool.name == "REDCap" and (h.endswith("_complete") or h == "complete"))}
            if tool.name == "SurveyMonkey" and kind != "two-row":
                continue
            return tool.name, own
    if fmt == "sav":
        return "SPSS", set()
    if fmt == "dta":
        return "Stata", set()
    return None, set()


def _redcap_plain(normed: list[str]) -> bool:
    """A REDCap export of a classic project (no events, no survey columns): ``record_id`` and a
    form's ``<form>_complete`` (raw) or ``Record ID`` and ``Complete?`` (labels)."""
    return ("record_id" in normed and any(h.endswith("_complete") for h in normed)) or (
        "record id" in normed and "complete" in normed)


def preview_column(tool: str | None, headers: list[str], codes: list[str] | None) -> int | None:
    """The column that marks previews and test responses (Qualtrics' ``Status``), if any."""
    if tool != "Qualtrics":
        return None
    for j, h in enumerate(headers):
        c = codes[j] if codes and j < len(codes) else ""
        if norm(c) == "status" or norm(h) in ("status", "response type"):
            return j
    return None


def described(tool: str | None, fmt: str) -> str:
    """What a table is, in words with its article: ``an SPSS export``, ``a SurveyMonkey
    export``, ``a CSV file``.

    Examples
    --------
    >>> described("SPSS", "sav"), described(None, "xlsx")
    ('an SPSS export', 'an Excel workbook')
    """
    noun = f"{tool} export" if tool else {"csv": "CSV file", "xlsx": "Excel workbook", "sav": "SPSS file"}.get(fmt, fmt)
    return f"{'an' if noun[0] in 'AEIOU' or noun.startswith('SPSS') else 'a'} {noun}"
