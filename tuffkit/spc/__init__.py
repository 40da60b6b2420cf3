"""Run charts and Shewhart control charts that tell a trend from chance, as qicharts2 does.

One entry point, modelled on qicharts2's ``qic()`` (Anhøj & Olesen 2014; Mohammed,
Worthington & Woodall 2008)::

    res = qic(data, x="month", y="hours", chart="i", freeze=12)
    res.frame      # one row per point: x, y, n, part, baseline, cl, lcl, ucl, lcl_95, ucl_95,
                   # sigma_signal, runs_signal, signal, rules, direction
    res.summary    # one row per part: n_obs, n_useful, longest_run, longest_run_max,
                   # n_crossings, n_crossings_min, runs_signal, cl, lcl, ucl, sigma_signal, signals
    res.sentences("sv")   # what the rules found, per part, in Swedish or English
    res.verdict           # per series: variation and assurance (improvement=, target=)

The modules, in the order a chart is made:

- :mod:`~tuffkit.spc.qic` — ``qic()``: aggregation of subgroups (``agg_fun``, ``x_period``,
  ``notes``), parts, baseline (``freeze``), ``exclude``, ``facets``, and where tuffkit chooses
  differently from qicharts2;
- :mod:`~tuffkit.spc.limits` — the centre line and limits of the 12 charts (run, i, mr,
  xbar, s, t, p, pp, c, u, up, g);
- :mod:`~tuffkit.spc.runs` — the Anhøj runs analysis;
- :mod:`~tuffkit.spc.rules` — the rule sets (Anhøj, NHS Making Data Count, Western Electric,
  Nelson) and which points each rule flags;
- :mod:`~tuffkit.spc.explain` — a sentence per part in Swedish or English;
- :mod:`~tuffkit.spc.verdict` — the variation and assurance verdicts and their icons' words.
"""

from tuffkit.spc.explain import sentences
from tuffkit.spc.limits import CHART_LINES
from tuffkit.spc.qic import CHARTS, SUMMARY_COLUMNS, X_PERIODS, QicResult, qic
from tuffkit.spc.rules import RULE_NAMES, RULE_SETS
from tuffkit.spc.runs import SpcError, runs_analysis, runs_limits
from tuffkit.spc.verdict import ASSURANCE, COLOURS, VARIATION, point_types, verdicts

__all__ = ["qic", "QicResult", "runs_analysis", "runs_limits", "CHARTS", "CHART_LINES", "SUMMARY_COLUMNS",
           "X_PERIODS", "RULE_SETS", "RULE_NAMES", "SpcError", "sentences", "verdicts", "point_types",
           "VARIATION", "ASSURANCE", "COLOURS"]
