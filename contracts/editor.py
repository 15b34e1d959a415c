"""The form-based contract editor's one job: write the same contract YAML the engine validates.

The current version's YAML is read as data; the editor replaces what its forms cover (name,
period, outcome window, the rate card, caps and their sharing rule, cohort-term thresholds and
the schedule) and keeps everything else as it was (payers, business case, distributions …).
The result goes through the same validation as an uploaded file (services.validate_yaml), so a
form can never store a contract the engine would refuse."""

import re
from decimal import Decimal
from typing import Any

import yaml

RELATIVE, POINTS = "relative", "points"


def load(yaml_text: str) -> dict[str, Any]:
    data = yaml.safe_load(yaml_text) or {}
    return data if isinstance(data, dict) else {}


def _number(value: Decimal | float | None) -> int | float | None:
    if value is None:
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def outcome_key(description: str, taken: set[str]) -> str:
    """A technical key for a new outcome, from its description (ASCII, unique in the contract)."""
    base = re.sub(r"[^a-z0-9]+", "_", description.lower().translate(str.maketrans("æøå", "eoa"))).strip("_")[:40]
    key, n = base or "resultat", 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    taken.add(key)
    return key


def threshold_value(value: Decimal, basis: str, kind: str) -> Any:
    """A threshold as the contract file writes it: relative → {relative: 'x %'}; for a rate the
    improvement in percentage points ('x %'); for a frequency units per participant."""
    text = f"{_number(value)} %"
    if basis == RELATIVE:
        return {"relative": text}
    return text if kind == "rate" else _number(value)


def threshold_initial(raw: Any, kind: str) -> tuple[Decimal | None, str]:
    """The form's (value, basis) for a threshold as written in the file."""
    if isinstance(raw, dict) and "relative" in raw:
        return _percent_or_share(raw["relative"]), RELATIVE
    if raw is None:
        return None, POINTS
    if kind == "rate":
        return _percent_or_share(raw), POINTS
    return Decimal(str(raw)), POINTS


def _percent_or_share(raw: Any) -> Decimal:
    if isinstance(raw, str) and raw.strip().endswith("%"):
        return Decimal(raw.strip().rstrip("%").strip().replace(",", "."))
    if isinstance(raw, dict) and "percent" in raw:
        return Decimal(str(raw["percent"]))
    return Decimal(str(raw)) * 100


def apply(yaml_text: str, *, terms: dict[str, Any], outcomes: list[dict[str, Any]],
          thresholds: list[dict[str, Any]]) -> str:
    """The YAML with the edited terms. `outcomes` rows: key (empty for a new one), description,
    event, price, requires (a key or ""); `thresholds` rows: key, threshold, basis,
    pooled_threshold, pooled_basis (cohort terms keep their other fields)."""
    data = load(yaml_text)
    data["name"] = terms["name"]
    data["period"] = {"start": terms["period_start"].isoformat(), "end": terms["period_end"].isoformat()}
    data["outcome_window_days"] = terms["outcome_window_days"]
    old = {o.get("id"): o for o in data.get("outcomes") or [] if isinstance(o, dict)}
    taken = {k for k in old if k}
    new_outcomes = []
    for row in outcomes:
        key = row.get("key") or outcome_key(row["description"], taken)
        item = dict(old.get(key, {}))
        item.update({"id": key, "description": row["description"], "price": _number(row["price"]),
                     "event": row["event"]})
        if row.get("requires"):
            item["requires"] = [row["requires"]]
        else:
            item.pop("requires", None)
        new_outcomes.append(item)
    if new_outcomes or "outcomes" in data:
        data["outcomes"] = new_outcomes
    caps = {k: v for k, v in (data.get("caps") or {}).items() if k not in ("per_participant", "total", "sharing")}
    for field, key in (("participant_cap", "per_participant"), ("total_cap", "total")):
        if terms.get(field) is not None:
            caps[key] = _number(terms[field])
    caps["sharing"] = terms["cap_sharing"]
    data["caps"] = caps
    data["schedule"] = {**(data.get("schedule") or {}), "frequency": terms["frequency"],
                        "due_days": terms["due_days"], "verification_lag_days": terms["verification_lag_days"]}
    by_key = {t.get("id"): t for t in data.get("cohort_terms") or [] if isinstance(t, dict)}
    for row in thresholds:
        term = by_key.get(row["key"])
        if term is None:
            continue
        kind = term.get("kind", "rate")
        term["threshold"] = threshold_value(row["threshold"], row["basis"], kind)
        term["pooled_threshold"] = threshold_value(row["pooled_threshold"], row["pooled_basis"], kind)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
