"""Loading the dated code lists shipped in pathways/data/codelists.csv.

Benefit and target-group categories change by law, so they are rows with validity dates,
never enums. What is known and what is not (checked against public sources, not the law
text itself):
- 1 July 2025 (kontanthjælpsreformen): uddannelseshjælp, overgangsydelse and selvforsørgelses-
  og hjemrejseydelse lapse and are paid as kontanthjælp under the new system. Old and new
  codes are both kept, dated, so history stays readable.
- Integrationsydelse was renamed selvforsørgelses- og hjemrejseydelse / overgangsydelse on
  1 July 2019.
- The employment reform (beskæftigelsesreformen, phased in 1 February 2026 – 1 January 2027)
  reduces the 13 target groups to 5 and phases out ressourceforløb and revalidering. The
  five new names and the exact cut-over date are NOT verified: the rows are marked FORELØBIG
  and dated 1 January 2027; correct them with a new data migration when the law is final.
"""

import csv
import datetime
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parent / "data" / "codelists.csv"


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text.strip() else None


def read_rows(path: Path = CSV_PATH) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {
                "list": row["list"].strip(),
                "code": row["code"].strip(),
                "name": row["name"].strip(),
                "valid_from": _date(row["valid_from"]),
                "valid_to": _date(row["valid_to"]),
                "note": row["note"].strip(),
            }
            for row in csv.DictReader(handle)
        ]


def load(model, path: Path = CSV_PATH) -> int:
    """Insert or update every row (by list + code). Works with a historical model."""
    count = 0
    for row in read_rows(path):
        key = {"list": row.pop("list"), "code": row.pop("code")}
        model.objects.update_or_create(**key, defaults=row)
        count += 1
    return count
