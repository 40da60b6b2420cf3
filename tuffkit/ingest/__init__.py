"""Reading what users receive, accounting for every row.

One module per kind of data, each turning exports into a tidy frame (:mod:`tuffkit.tidy`):

- :mod:`~tuffkit.ingest.survey` — survey exports (CSV/XLSX/SAV, the survey tools' layouts) ->
  ``read_survey``, ``write_ingest``; :mod:`~tuffkit.ingest.inspect` — how an unknown export
  would be read, and a draft mapping (``tuffkit inspect``);
- :mod:`~tuffkit.ingest.projectlog` — improvement logs -> ``read_project_log``;
- :mod:`~tuffkit.ingest.measures` — measure series and saved Kolada responses -> ``read_measures``.

and the machinery they share: :mod:`~tuffkit.ingest.rawtable` (a file as a table of texts:
encodings, separators, title rows, sheets; :mod:`~tuffkit.ingest.sav` for SPSS),
:mod:`~tuffkit.ingest.headers` (one header row or several), :mod:`~tuffkit.ingest.layouts`
(the survey tools' exports and their own columns), :mod:`~tuffkit.ingest.codebook` (answer
codes and what resolves them), :mod:`~tuffkit.ingest.dates` (timestamps and waves),
:mod:`~tuffkit.ingest.cells` (one cell's answer,
wave, function...), :mod:`~tuffkit.ingest.vocab` (the headers and codes recognised),
:mod:`~tuffkit.ingest.mapping` (mapping files), :mod:`~tuffkit.ingest.schemas` (the pandera
schemas checked at the boundary) and :mod:`~tuffkit.ingest.files` (input paths, atomic outputs).

Nothing here imports the statistics or the reports.
"""
