"""The simulation calibrated on recorded rates: Beta posteriors for the uncertain rates.

Two inputs of the business case are rates the platform observes:

* ``employment_rate`` — of the citizens whose phases are over (start + the phases' months on or
  before ``as_of``), those with an exit into work by ``as_of``;
* ``drop_off`` (annual) — of the exits into work that are ``w`` weeks old, those in work at the
  ``w``-week follow-up (answered follow-ups only), for the longest of 52, 26, 13 weeks with
  enough observations. Retention ``r_w = (1 − a)^(w/52)``.

Only complete observations count (a citizen still in the programme is no trial yet), and an
input is calibrated once it has at least ``min_trials`` of them, pooled over cohorts; until then
the contract's distribution stands. The update is conjugate::

    prior     Beta(α, β)  — moment-matched to the contract's distribution of the rate
                            (mean m, variance v: α + β = m(1 − m)/v − 1), or, for a point value
                            m without a distribution, Beta(m·s, (1 − m)·s) with s = prior_strength
                            (the point counts as s observations)
    posterior Beta(α + successes, β + trials − successes)

The calibrated contract takes the posterior mean as the point value and the posterior as the
input's distribution (``beta``). For the drop-off at 52 weeks ``a = 1 − r`` is again Beta
(``Beta(β, α)``); at 13 or 26 weeks ``a = 1 − r^(52/w)`` is moment-matched to a Beta from
200 000 posterior draws (seed 0, so the result is reproducible).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import numpy.typing as npt

from .contract import Contract, Distribution, DropOff
from .distributions import mean_and_variance, quantile, sample
from .records import FOLLOW_UP_WEEKS, RecordedData, add_months

__all__ = ["Calibration", "CalibratedInput", "Observed", "ObservedRate", "calibrate", "observed_rates"]

DRAWS = 200_000
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ObservedRate:
    successes: int
    trials: int

    @property
    def rate(self) -> float | None:
        return self.successes / self.trials if self.trials else None


@dataclass(frozen=True)
class Observed:
    """Pooled recorded rates: employment after the phases, retention ``w`` weeks after a job."""

    employment: ObservedRate
    retention: dict[int, ObservedRate]


@dataclass(frozen=True)
class CalibratedInput:
    """One input before and after calibration (``used`` False: too few observations)."""

    input: str
    successes: int
    trials: int
    used: bool
    prior: Distribution
    posterior: Distribution
    prior_mean: float
    posterior_mean: float
    prior_interval: tuple[float, float]  # P5, P95
    posterior_interval: tuple[float, float]
    note: str


@dataclass(frozen=True)
class Calibration:
    contract: Contract
    inputs: tuple[CalibratedInput, ...]


def observed_rates(data: RecordedData, contract: Contract, as_of: date) -> Observed:
    """Count complete observations in the recorded rows (see the module doc)."""
    spec = contract.business_case
    if spec is None:
        raise ValueError(f"contract {contract.name!r} has no business_case section")
    exit_date, into_work = data.exits()
    day = as_of.toordinal()
    over = add_months(data.citizen_start, spec.onset) <= day
    worked = into_work & (exit_date > 0) & (exit_date <= day)
    follow = data.follow_ups()
    retention = {}
    for k, w in enumerate(FOLLOW_UP_WEEKS):
        seen = worked & (exit_date + 7 * w <= day) & (follow[:, k] >= 0)
        retention[w] = ObservedRate(int((seen & (follow[:, k] == 1)).sum()), int(seen.sum()))
    return Observed(ObservedRate(int((over & worked).sum()), int(over.sum())), retention)


def _beta(alpha: float, beta: float) -> Distribution:
    return Distribution("beta", (("alpha", alpha), ("beta", beta)))


def _moment_beta(mean: float, var: float) -> Distribution | None:
    mean = min(max(mean, 1e-6), 1 - 1e-6)
    if var <= 0 or var >= mean * (1 - mean):
        return None
    nu = mean * (1 - mean) / var - 1
    return _beta(mean * nu, (1 - mean) * nu)


def _interval(d: Distribution, name: str) -> tuple[float, float]:
    return quantile(d, 0.05, name), quantile(d, 0.95, name)


def _prior(mean: float, var: float, strength: float) -> Distribution:
    """Moment-matched Beta, or a weak Beta around a point value."""
    matched = _moment_beta(mean, var) if var > 0 else None
    m = min(max(mean, 1e-6), 1 - 1e-6)
    return matched or _beta(m * strength, (1 - m) * strength)


def _update(prior: Distribution, seen: ObservedRate) -> Distribution:
    return _beta(prior.param("alpha") + seen.successes, prior.param("beta") + seen.trials - seen.successes)


def _result(name: str, seen: ObservedRate, used: bool, prior: Distribution, posterior: Distribution,
            note: str) -> CalibratedInput:
    return CalibratedInput(name, seen.successes, seen.trials, used, prior, posterior,
                           mean_and_variance(prior, name)[0], mean_and_variance(posterior, name)[0],
                           _interval(prior, name), _interval(posterior, name), note)


def calibrate(contract: Contract, observed: Observed, *, min_trials: int = 10,
              prior_strength: float = 10.0) -> Calibration:
    """The contract with its employment rate and drop-off narrowed by the observed counts."""
    spec = contract.business_case
    if spec is None:
        raise ValueError(f"contract {contract.name!r} has no business_case section")
    unc = dict(contract.uncertainty)
    results = []

    m, v = mean_and_variance(unc["employment_rate"], "employment_rate") if "employment_rate" in unc \
        else (spec.employment_rate, 0.0)
    prior = _prior(m, v, prior_strength)
    seen = observed.employment
    used = seen.trials >= min_trials
    posterior = _update(prior, seen) if used else prior
    note = (f"{seen.successes} of {seen.trials} citizens in work after their phases" if used else
            f"{seen.trials} citizens past their phases: fewer than {min_trials}, not calibrated")
    results.append(_result("employment_rate", seen, used, unc.get("employment_rate", prior), posterior, note))
    if used:
        spec = replace(spec, employment_rate=mean_and_variance(posterior)[0])
        unc["employment_rate"] = posterior

    if not spec.drop_off.retention_weeks:  # a retention table is not one rate to update
        drop = _drop_off(spec.drop_off.annual, unc.get("drop_off"), observed, min_trials, prior_strength)
        results.append(drop)
        if drop.used:
            spec = replace(spec, drop_off=DropOff(annual=drop.posterior_mean))
            unc["drop_off"] = drop.posterior
    calibrated = replace(contract, business_case=spec, uncertainty=unc)
    return Calibration(calibrated, tuple(results))


def _drop_off(annual: float, given: Distribution | None, observed: Observed, min_trials: int,
              strength: float) -> CalibratedInput:
    """The annual drop-off from the retention at the longest follow-up with enough answers."""
    weeks = next((w for w in sorted(FOLLOW_UP_WEEKS, reverse=True) if observed.retention[w].trials >= min_trials), 52)
    seen = observed.retention[weeks]
    power = weeks / 52
    if given is not None:
        r = (1 - _draws(given, "drop_off")) ** power
        r_prior = _prior(float(r.mean()), float(r.var()), strength)
    else:
        r_prior = _prior((1 - annual) ** power, 0.0, strength)
    used = seen.trials >= min_trials
    r_post = _update(r_prior, seen) if used else r_prior
    if weeks == 52:  # a = 1 − r: Beta(β, α)
        a_prior, a_post = (_beta(d.param("beta"), d.param("alpha")) for d in (r_prior, r_post))
    else:
        a_prior, a_post = (_from_retention(d, power) or d for d in (r_prior, r_post))
    note = (f"{seen.successes} of {seen.trials} in work {weeks} weeks after an exit into work" if used else
            f"{seen.trials} answered follow-ups at {weeks} weeks: fewer than {min_trials}, not calibrated")
    return _result("drop_off", seen, used, given or a_prior, a_post if used else (given or a_prior), note)


def _draws(d: Distribution, name: str) -> FloatArray:
    return sample(d, np.random.default_rng(0), DRAWS, name)


def _from_retention(r: Distribution, power: float) -> Distribution | None:
    """The annual drop-off ``1 − r^(1/power)`` of a Beta retention, moment-matched to a Beta."""
    a = 1 - _draws(r, "") ** (1 / power)
    return _moment_beta(float(a.mean()), float(a.var()))
