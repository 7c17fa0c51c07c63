"""Counts the engine's page analyses in the test's worker processes.

A process started with this directory on PYTHONPATH and AIMS_TEST_ENGINE_CALLS naming a
file (the test's workers, and the analysis processes they spawn, which inherit both)
appends one line per page analysis that ran to completion: `<page number> <pid>`.
The engine itself runs unchanged.
"""

import os

_LOG = os.environ.get("AIMS_TEST_ENGINE_CALLS")

if _LOG:
    from aims.admin import analysis

    _analyse_page = analysis.analyse_page

    def _counted(data, index, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = _analyse_page(data, index, *args, **kwargs)
        with open(_LOG, "a", encoding="utf-8") as log:  # noqa: PTH123 - one short append
            log.write(f"{index + 1} {os.getpid()}\n")
        return result

    analysis.analyse_page = _counted
