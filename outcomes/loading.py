"""Loading a contract from YAML: schema validation, then meaning, then frozen types.

Every problem is reported with its JSON path and YAML line (see :class:`YamlLocator`), and
all problems are collected before :class:`ContractError` is raised.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, cast

import yaml

from .contract import (
    UNCERTAIN_INPUTS,
    BusinessCaseSpec,
    CohortTerm,
    Companies,
    Contract,
    Distribution,
    DropOff,
    ExpectedPayment,
    FixedCost,
    Intake,
    OutcomeDefinition,
    Party,
    Payer,
    Phase,
    Schedule,
    Shares,
    StairStep,
    Stream,
    ThresholdBasis,
)
from .validation import MAX_ISSUES, ContractError, Issue, YamlLocator, describe, json_path

jsonschema: Any = importlib.import_module("jsonschema")  # ships no type hints

__all__ = ["contract_schema", "load_contract", "parse_contract"]

Path_ = tuple[str | int, ...]


class _NoDatesLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings, so the schema sees what was written."""


_NoDatesLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def contract_schema() -> dict[str, Any]:
    """The JSON Schema that contract files are validated against."""
    text = resources.files("outcomes").joinpath("schema/contract.schema.json").read_text("utf-8")
    return cast(dict[str, Any], json.loads(text))


def load_contract(path_or_text: str | Path) -> Contract:
    """Load and validate a contract from a YAML file path or YAML text.

    A ``str`` that contains a newline, or is not the name of an existing file, is taken as
    YAML text — except a one-line name ending in ``.yaml``/``.yml``, which is a missing file. Raises :class:`ContractError` listing every problem with key and line.
    """
    if isinstance(path_or_text, Path):
        text = path_or_text.read_text("utf-8")
    elif "\n" not in path_or_text and Path(path_or_text).is_file():
        text = Path(path_or_text).read_text("utf-8")
    elif "\n" not in path_or_text and path_or_text.strip().lower().endswith((".yaml", ".yml")):
        raise ContractError([Issue(f"contract file {path_or_text!r} does not exist", key="$")])
    else:
        text = path_or_text
    return parse_contract(text)


def parse_contract(text: str) -> Contract:
    """Validate YAML text against the schema and its meaning; return the :class:`Contract`."""
    try:
        data = yaml.load(text, Loader=_NoDatesLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ContractError([Issue(f"not valid YAML: {getattr(exc, 'problem', exc)}", key="$", line=line)]) from None
    loc = YamlLocator(text)
    if not isinstance(data, dict):
        raise ContractError([Issue("the contract must be a YAML mapping", key="$", line=1)])
    issues = _schema_issues(data, loc)
    if issues:
        raise ContractError(issues)
    builder = _Builder(data, loc)
    contract = builder.build()
    if builder.issues:
        raise ContractError(builder.issues[:MAX_ISSUES])
    assert contract is not None
    return contract


def _schema_issues(data: Mapping[str, Any], loc: YamlLocator) -> list[Issue]:
    validator = jsonschema.Draft202012Validator(contract_schema())
    issues: list[Issue] = []
    for err in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        parts: Path_ = tuple(err.absolute_path)
        message = err.message
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set(err.schema.get("properties", {}))
            extra = [k for k in err.instance if k not in allowed]
            if extra:
                parts = (*parts, str(extra[0]))
                message = f"unknown key {extra[0]!r}"
        elif err.validator == "required":
            missing = message.split("'")[1] if "'" in message else ""
            message = f"missing required key {missing!r}"
        elif err.validator == "oneOf":
            message = _one_of_message(err)
        elif err.validator == "anyOf":
            message = f"{describe(err.instance)} is not valid here: {_description(err.schema)}"
        issues.append(Issue(message, key=json_path(parts), line=loc.line(parts)))
        if len(issues) >= MAX_ISSUES:
            break
    return issues


def _description(schema: Mapping[str, Any]) -> str:
    """The schema's own description of what is allowed (following one ``$ref``)."""
    if "description" in schema:
        return str(schema["description"])
    ref = str(schema.get("$ref", ""))
    if ref.startswith("#/$defs/"):
        return str(contract_schema()["$defs"][ref.split("/")[-1]].get("description", "see the contract schema"))
    return "see the contract schema"


def _one_of_message(err: Any) -> str:
    best = jsonschema.exceptions.best_match(err.context or [])
    if best is not None and best.validator not in ("not", "required"):
        return f"{best.message}"
    schema_path = "/".join(str(p) for p in err.relative_schema_path)
    if "distribution" in schema_path or "distribution" in str(err.instance):
        return f"not a valid distribution: {describe(err.instance)}"
    return f"give exactly one of the alternative keys: {describe(err.instance)}"


class _Builder:
    """Turns schema-valid data into a :class:`Contract`, checking what a schema cannot."""

    def __init__(self, data: Mapping[str, Any], loc: YamlLocator) -> None:
        self.data = data
        self.loc = loc
        self.issues: list[Issue] = []

    def err(self, parts: Path_, message: str) -> None:
        self.issues.append(Issue(message, key=json_path(parts), line=self.loc.line(parts)))

    def date(self, parts: Path_, value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.err(parts, f"not a valid date: {value!r} (use YYYY-MM-DD)")
            return date(1970, 1, 1)

    def money(self, parts: Path_, value: Any) -> Decimal:
        d = Decimal(str(value))
        if d != d.quantize(Decimal("0.01")):
            self.err(parts, f"an amount has at most two decimals (øre): {value!r}")
        return d.quantize(Decimal("0.01"))

    def opt_money(self, parts: Path_, m: Mapping[str, Any], key: str) -> Decimal | None:
        return self.money((*parts, key), m[key]) if key in m else None

    def shares(self, parts: Path_, m: Mapping[str, Any], payer_ids: list[str]) -> Shares:
        raw = m.get("payers")
        if raw is None:
            return ()
        out: list[tuple[str, Decimal]] = []
        for pid in payer_ids:  # contract order, so splitting is deterministic
            if pid in raw:
                share = Decimal(str(raw[pid]))
                if share != share.quantize(Decimal("0.000001")):
                    self.err((*parts, "payers", pid), "a share has at most six decimals")
                out.append((pid, share))
        for pid in raw:
            if pid not in payer_ids:
                self.err((*parts, "payers", pid), f"unknown payer {pid!r} (payers are {', '.join(payer_ids)})")
        total = sum((s for _, s in out), Decimal(0))
        if out and total != 1:
            self.err((*parts, "payers"), f"payer shares add up to {total}, not 1")
        return tuple(out)

    def build(self) -> Contract | None:
        d = self.data
        start = self.date(("period", "start"), d["period"]["start"])
        end = self.date(("period", "end"), d["period"]["end"])
        if end < start:
            self.err(("period", "end"), "the contract period ends before it starts")
        payers: list[Payer] = []
        for i, p in enumerate(d["payers"]):
            payers.append(Payer(p["id"], p["name"], p.get("role", "other"), self.opt_money(("payers", i), p, "cap")))
        payer_ids = [p.id for p in payers]
        self._unique("payers", payer_ids)
        recipient = Party(d["recipient"]["id"], d["recipient"]["name"])
        outcomes = [self._outcome(i, o, payer_ids) for i, o in enumerate(d.get("outcomes", []))]
        terms = [self._term(i, t, payer_ids) for i, t in enumerate(d.get("cohort_terms", []))]
        self._unique_items([o.id for o in outcomes], [t.id for t in terms])
        self._prerequisites(outcomes)
        caps = d.get("caps", {})
        sched = d.get("schedule", {})
        schedule = Schedule(
            sched.get("frequency", "quarterly"), sched.get("due_days", 30), sched.get("verification_lag_days", 0)
        )
        parties = set(payer_ids) | {recipient.id}
        bc = self._business_case(d["business_case"], parties, outcomes) if "business_case" in d else None
        unc = self._uncertainty(d.get("uncertainty", {}), bc)
        if not outcomes and not terms:
            self.err(("outcomes",), "the contract pays for nothing: give 'outcomes' or 'cohort_terms'")
        return Contract(
            name=d["name"],
            currency=d["currency"],
            period_start=start,
            period_end=end,
            window_days=d["outcome_window_days"],
            payers=tuple(payers),
            recipient=recipient,
            outcomes=tuple(outcomes),
            cohort_terms=tuple(terms),
            events=tuple(d.get("events", [])),
            participant_cap=self.opt_money(("caps",), caps, "per_participant"),
            total_cap=self.opt_money(("caps",), caps, "total"),
            cap_sharing=caps.get("sharing", "by_date"),
            schedule=schedule,
            business_case=bc,
            uncertainty=unc,
            description=d.get("description", ""),
        )

    def _unique(self, key: str, ids: list[str]) -> None:
        seen: set[str] = set()
        for i, x in enumerate(ids):
            if x in seen:
                self.err((key, i, "id"), f"duplicate id {x!r}")
            seen.add(x)

    def _unique_items(self, outcome_ids: list[str], term_ids: list[str]) -> None:
        self._unique("outcomes", outcome_ids)
        self._unique("cohort_terms", term_ids)
        for i, t in enumerate(term_ids):
            if t in outcome_ids:
                self.err(("cohort_terms", i, "id"), f"id {t!r} is also an outcome id")

    def _outcome(self, i: int, o: Mapping[str, Any], payer_ids: list[str]) -> OutcomeDefinition:
        p: Path_ = ("outcomes", i)
        return OutcomeDefinition(
            id=o["id"],
            price=self.money((*p, "price"), o["price"]),
            event=o["event"],
            description=o.get("description", ""),
            requires=tuple(o.get("requires", [])),
            exclusive_group=o.get("exclusive_group"),
            max_per_participant=o.get("max_per_participant", 1),
            cap_per_participant=self.opt_money(p, o, "cap_per_participant"),
            cap=self.opt_money(p, o, "cap"),
            payers=self.shares(p, o, payer_ids),
        )

    def share(self, parts: Path_, value: Any) -> Decimal:
        """A share 0–1, from a number (``0.1``) or an explicit percent (``10 %``, ``{percent: 10}``).
        A bare number above 1 is refused: ``10`` meant as 10 % would silently be 1 000 %."""
        pct = _percent(value)
        if pct is not None:
            if not 0 <= pct <= 100:
                self.err(parts, f"{describe(value)} is not a percent between 0 and 100")
            return pct / 100
        d = Decimal(str(value))
        if not 0 <= d <= 1:
            hint = f": write {d / 100}, '{d} %' or percent: {d}" if 1 < d <= 100 else ""
            self.err(parts, f"{value} is not a share between 0 and 1{hint}")
        return d

    def threshold(self, parts: Path_, value: Any, kind: str) -> tuple[Decimal, ThresholdBasis]:
        """A cohort threshold in its unit: ``{relative: share or percent}`` (held as percent);
        for rates a share or percent of participants (held as percentage points); for
        frequencies units per participant (a percent is refused: it is not that unit)."""
        if isinstance(value, Mapping) and "relative" in value:
            return _plain(self.share((*parts, "relative"), value["relative"]) * 100), "relative"
        if kind == "rate":
            return _plain(self.share(parts, value) * 100), "absolute"
        if _percent(value) is not None:
            self.err(parts, f"{describe(value)}: a frequency threshold is in units per participant, not a percent "
                            "(for a relative reduction write {relative: '10 %'})")
            return Decimal(0), "absolute"
        d = Decimal(str(value))
        if d < 0:
            self.err(parts, f"{value}: a threshold is not negative")
        return d, "absolute"

    def _term(self, i: int, t: Mapping[str, Any], payer_ids: list[str]) -> CohortTerm:
        p: Path_ = ("cohort_terms", i)
        kind = t["kind"]
        if kind == "rate" and "measure" in t:
            self.err((*p, "measure"), "'measure' applies to frequency terms only")
        baseline = None
        if "baseline" in t:
            if kind == "rate":
                baseline = self.share((*p, "baseline"), t["baseline"])
            elif _percent(t["baseline"]) is not None:
                self.err((*p, "baseline"), "a frequency baseline is in units per participant, not a percent")
            else:
                baseline = Decimal(str(t["baseline"]))
        threshold, basis = self.threshold((*p, "threshold"), t.get("threshold", 0), kind)
        pooled, pooled_basis = self.threshold((*p, "pooled_threshold"), t.get("pooled_threshold", 0), kind)
        return CohortTerm(
            id=t["id"],
            kind=kind,
            event=t["event"],
            price=self.money((*p, "price"), t["price"]),
            description=t.get("description", ""),
            measure=t.get("measure", "count"),
            baseline=baseline,
            comparison_group=t.get("comparison_group"),
            threshold=threshold,
            early_share=self.share((*p, "early_share"), t.get("early_share", 0)),
            pooled_threshold=pooled,
            cap=self.opt_money(p, t, "cap"),
            payers=self.shares(p, t, payer_ids),
            threshold_basis=basis,
            pooled_threshold_basis=pooled_basis,
        )

    def _prerequisites(self, outcomes: list[OutcomeDefinition]) -> None:
        ids = {o.id for o in outcomes}
        for i, o in enumerate(outcomes):
            for j, r in enumerate(o.requires):
                if r not in ids:
                    self.err(("outcomes", i, "requires", j), f"unknown outcome {r!r} in prerequisites")
                elif r == o.id:
                    self.err(("outcomes", i, "requires", j), "an outcome cannot require itself")
        if any(i.message.startswith(("unknown outcome", "an outcome cannot")) for i in self.issues):
            return
        try:
            topological_order(outcomes)
        except ValueError as exc:
            self.err(("outcomes",), str(exc))

    def _business_case(
        self, b: Mapping[str, Any], parties: set[str], outcomes: list[OutcomeDefinition]
    ) -> BusinessCaseSpec:
        p: Path_ = ("business_case",)
        state = b.get("state", "state")
        known = parties | {state}
        if b["municipality"] not in parties:
            self.err((*p, "municipality"), f"unknown party {b['municipality']!r}")

        def payer_of(parts: Path_, m: Mapping[str, Any]) -> str:
            who = str(m.get("payer", b["municipality"]))
            if who not in known:
                self.err((*parts, "payer"), f"unknown party {who!r}")
            return who

        phases = [
            Phase(ph["name"], ph["months"], self.money((*p, "phases", i), ph["cost_per_participant_month"]),
                  payer_of((*p, "phases", i), ph), self.opt_money((*p, "phases", i), ph, "cost_per_week"))
            for i, ph in enumerate(b.get("phases", []))
        ]
        fixed = []
        for i, f in enumerate(b.get("fixed_costs", [])):
            fp: Path_ = (*p, "fixed_costs", i)
            if "per_month" in f and f["to_month"] < f["from_month"]:
                self.err((*fp, "to_month"), "to_month is before from_month")
            fixed.append(FixedCost(
                f["name"], payer_of(fp, f), self.money(fp, f.get("amount", 0)), f.get("month", 0),
                self.money(fp, f.get("per_month", 0)), f.get("from_month", 0), f.get("to_month", -1)))
        comp = None
        if "companies" in b:
            c = b["companies"]
            comp = Companies(c["count"], self.money((*p, "companies"), c["cost_per_company"]),
                             payer_of((*p, "companies"), c), c.get("months", 12), c.get("start_month", 0))
        eff = b["effect"]
        drop = eff.get("drop_off", {})
        table: list[tuple[int, float]] = sorted((int(k), float(v)) for k, v in drop.get("retention_weeks", {}).items())
        if any(b2[1] > a[1] for a, b2 in zip(table, table[1:], strict=False)):
            self.err((*p, "effect", "drop_off", "retention_weeks"), "retention must not rise with time")
        sav = b["savings"]
        stair = tuple(StairStep(s["from_week"], Decimal(str(s["refund"]))) for s in sav.get("refund_staircase", []))
        for i, step in enumerate(stair):
            if step.refund != step.refund.quantize(Decimal("0.000001")):
                self.err((*p, "savings", "refund_staircase", i, "refund"), "a refund has at most six decimals")
        if stair and (stair[0].from_week != 1 or any(b2.from_week <= a.from_week for a, b2 in zip(stair, stair[1:], strict=False))):
            self.err((*p, "savings", "refund_staircase"), "steps must start at week 1 and rise")
        streams = []
        for i, s in enumerate(sav.get("other_streams", [])):
            if s["party"] not in known:
                self.err((*p, "savings", "other_streams", i, "party"), f"unknown party {s['party']!r}")
            streams.append(Stream(s["name"], Decimal(str(s["per_person_month"])), s["party"]))
        out_ids = {o.id for o in outcomes}
        expected = []
        for i, e in enumerate(b.get("expected_payments", [])):
            if e["outcome"] not in out_ids:
                self.err((*p, "expected_payments", i, "outcome"), f"unknown outcome {e['outcome']!r}")
            expected.append(ExpectedPayment(e["outcome"], e.get("months_in_work"), e.get("share"), e.get("month")))
        kwargs: dict[str, Any] = {}
        if stair:
            kwargs["refund_staircase"] = stair
        return BusinessCaseSpec(
            horizon_months=b["horizon_months"],
            discount_rate=float(b["discount_rate"]),
            municipality=b["municipality"],
            intake=tuple(Intake(x["month"], x["participants"], x.get("cohort", "")) for x in b["intake"]),
            employment_rate=float(eff["employment_rate"]),
            benefit_per_month=self.money((*p, "savings", "benefit_per_month"), sav["benefit_per_month"]),
            start=self.date((*p, "start"), b["start"]) if "start" in b else None,
            state=state,
            phases=tuple(phases),
            fixed_costs=tuple(fixed),
            companies=comp,
            deadweight=float(eff.get("deadweight", 0.0)),
            onset_month=eff.get("onset_month"),
            drop_off=DropOff(float(drop.get("annual", 0.0)), tuple(table)),
            prior_weeks_on_support=float(sav.get("prior_weeks_on_support", 0.0)),
            other_streams=tuple(streams),
            expected_payments=tuple(expected),
            next_round_cost=self.opt_money(p, b, "next_round_cost"),
            **kwargs,
        )

    def _uncertainty(self, u: Mapping[str, Any], bc: BusinessCaseSpec | None) -> dict[str, Distribution]:
        out: dict[str, Distribution] = {}
        if u and bc is None:
            self.err(("uncertainty",), "uncertainty needs a business_case")
        for name, spec in u.items():
            assert name in UNCERTAIN_INPUTS
            params = tuple((k, float(v)) for k, v in spec.items() if k != "distribution")
            dist = Distribution(spec["distribution"], params)
            for problem in _distribution_problems(dist):
                self.err(("uncertainty", name), problem)
            if name == "drop_off" and bc is not None and bc.drop_off.retention_weeks:
                self.err(("uncertainty", name), "drop_off can be uncertain only with an 'annual' drop-off")
            out[name] = dist
        return out


def _plain(d: Decimal) -> Decimal:
    """``Decimal('10.00')`` -> ``10``, ``Decimal('7.500')`` -> ``7.5`` (as written by a person)."""
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def _percent(value: Any) -> Decimal | None:
    """The percent in ``'7,5 %'``, ``'10%'`` or ``{percent: 10}``; None for any other form."""
    if isinstance(value, str) and value.strip().endswith("%"):
        return Decimal(value.strip()[:-1].strip().replace(",", "."))
    if isinstance(value, Mapping) and "percent" in value:
        return Decimal(str(value["percent"]))
    return None


def _distribution_problems(d: Distribution) -> Iterator[str]:
    if d.kind == "uniform" and d.param("max") < d.param("min"):
        yield "max is below min"
    if d.kind == "triangular" and not d.param("min") <= d.param("mode") <= d.param("max"):
        yield "a triangular distribution needs min <= mode <= max"
    if d.kind == "normal" and d.param("max", float("inf")) < d.param("min", float("-inf")):
        yield "max is below min"


def topological_order(outcomes: list[OutcomeDefinition] | tuple[OutcomeDefinition, ...]) -> list[int]:
    """Indices of ``outcomes`` such that each comes after everything it requires.

    Ties keep contract order. Raises ``ValueError`` naming a cycle.
    """
    index = {o.id: i for i, o in enumerate(outcomes)}
    state = [0] * len(outcomes)  # 0 new, 1 visiting, 2 done
    order: list[int] = []

    def visit(i: int, trail: list[str]) -> None:
        if state[i] == 2:
            return
        if state[i] == 1:
            raise ValueError("prerequisites form a cycle: " + " -> ".join([*trail, outcomes[i].id]))
        state[i] = 1
        for r in outcomes[i].requires:
            visit(index[r], [*trail, outcomes[i].id])
        state[i] = 2
        order.append(i)

    for i in range(len(outcomes)):
        visit(i, [])
    return order

