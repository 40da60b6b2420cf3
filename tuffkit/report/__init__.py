"""Presentation: the leadership reports, in Swedish (decimal comma) or English.

One module per kind of report, each a class whose methods return the report's sections as HTML:

- :mod:`~tuffkit.report.survey` — ``MunicipalityReport`` (one unit) and ``ProgramReport`` (all units);
- :mod:`~tuffkit.report.projectlog` — ``ProjectLogReport`` (one unit's improvement log);
- :mod:`~tuffkit.report.measures` — ``MeasuresReport`` and the measures section of the others;

and what they are made of: :mod:`~tuffkit.report.html` (escaped sections, the source-file table),
:mod:`~tuffkit.report.tables` (numbers and tables), :mod:`~tuffkit.report.plots` (the figures),
and ``templates/`` (the nbconvert template of the exported HTML). The reports read the processed
data (:mod:`tuffkit.processed`) and call the statistics; nothing here reads raw exports.
"""
