#!/usr/bin/env python3
"""Adds up the counts of every .trx file (one per test assembly) under a folder.

Prints "PASSED FAILED SKIPPED" on one line, for test.sh. Each TRX's
TestRun/ResultSummary/Counters holds its assembly's totals:
  passed  = passed
  failed  = failed + error + timeout + aborted (a test that ran and did not pass)
  skipped = total - executed: the tests that did not run, what `dotnet test` prints as
            Skipped. Not notExecuted: for a skipped xunit test ([Fact(Skip = ...)]) the TRX
            logger writes the test's outcome NotExecuted but leaves that counter at 0, and
            counts the test only in total (total 3, executed 2, notExecuted 0 for one
            passed, one failed and one skipped test).
The other counters (inconclusive, notRunnable, ...) do not occur with xunit.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
FAILED = ("failed", "error", "timeout", "aborted")


def counts(trx):
    counters = ET.parse(trx).getroot().find(f"{NS}ResultSummary/{NS}Counters")
    if counters is None:
        raise ValueError(f"{trx}: no ResultSummary/Counters")
    get = lambda name: int(counters.get(name, "0"))
    return get("passed"), sum(map(get, FAILED)), max(get("total") - get("executed"), 0)


def main(folder):
    totals = [0, 0, 0]
    for trx in sorted(pathlib.Path(folder).rglob("*.trx")):
        for i, n in enumerate(counts(trx)):
            totals[i] += n
    print(*totals)


if __name__ == "__main__":
    main(sys.argv[1])
