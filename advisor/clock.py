"""The one place the tool asks for today's date.

Fact ages, report dates and the "verified is not in the future" check all read `today()`.
`ADVISOR_TODAY=YYYY-MM-DD` pins it, so reports can be reproduced and tests run against a
frozen clock; a malformed value is ignored rather than trusted.
"""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    """Today's date, or the ISO date in `ADVISOR_TODAY` when that is set and valid."""
    pinned = os.environ.get("ADVISOR_TODAY")
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            pass
    return dt.date.today()
