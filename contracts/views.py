"""Contract pages: list, create, detail with run history, new version, runs (settlement,
business case, simulation), the ledger with drill-down, comparison of scenarios, exports.
Every lookup goes through contracts.access (404 for missing and forbidden alike)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from accounts.roles import Perm
from core.exports import PDF_CONTENT_TYPE, XLSX_CONTENT_TYPE, attachment
from core.forms import add_service_errors

from . import access as ca
from . import charts, exports, labels, selectors, services
from . import plan as plan_figures
from . import services_payments as payments
from .forms import BusinessCaseForm, ContractForm, PartnershipForm, SettleForm, SimulateForm, VersionForm
from .models import RunKind


@login_required
def contract_list(request):
    access = access_for(request)
    access.require(Perm.CONTRACT_VIEW)
    return render(request, "contracts/list.html", {
        "contracts": selectors.contract_list(access), "can_edit": access.has(Perm.CONTRACT_EDIT)})


@login_required
def partnership_create(request):
    access = access_for(request)
    access.require(Perm.CONTRACT_EDIT)
    form = PartnershipForm(request.POST or None, municipality_ids=access.municipalities_with(Perm.CONTRACT_EDIT))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.partnership_create(by=request.user, municipality=d["municipality"], name=d["name"],
                                        members=d["members"], start=d["start"], end=d["end"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Partnerskabet er oprettet."))
            return redirect("contracts:create")
    return render(request, "contracts/partnership_form.html", {"form": form})


@login_required
def contract_create(request):
    access = access_for(request)
    access.require(Perm.CONTRACT_EDIT)
    form = ContractForm(request.POST or None, request.FILES or None,
                        municipality_ids=access.municipalities_with(Perm.CONTRACT_EDIT))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            contract = services.contract_create(
                by=request.user, municipality=d["municipality"], name=d["name"], yaml_text=d["yaml_text"],
                cohort_by=d["cohort_by"], programmes=d["programmes"], note=d["note"], **form.attachment())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Kontrakten er oprettet."))
            return redirect("contracts:detail", public_id=contract.public_id)
    return render(request, "contracts/contract_form.html", {"form": form})


@login_required
def contract_detail(request, public_id):
    access = access_for(request)
    contract = ca.contract_get(access, public_id)
    return render(request, "contracts/detail.html", {
        "contract": contract,
        "version": services.current_version(contract),
        "versions": contract.versions.select_related("uploaded_by").defer("yaml_text"),
        "programmes": contract.programmes.select_related("provider"),
        "runs": selectors.runs_of(contract),
        "can_edit": ca.can_edit(access, contract),
        "can_settle": ca.can_settle(access, contract),
        "settle_form": SettleForm(), "plan_form": SettleForm(prefix="plan"), "bc_form": BusinessCaseForm(), "sim_form": SimulateForm(),
    })


@login_required
def contract_revise(request, public_id):
    access = access_for(request)
    contract = ca.contract_get(access, public_id, Perm.CONTRACT_EDIT)
    current = services.current_version(contract)
    initial = {"yaml_text": current.yaml_text, "cohort_by": current.cohort_by,
               "programmes": list(contract.programmes.values_list("pk", flat=True))}
    form = VersionForm(request.POST or None, request.FILES or None, initial=initial,
                       municipality_id=contract.municipality_id)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.contract_revise(by=request.user, contract=contract, yaml_text=d["yaml_text"],
                                     cohort_by=d["cohort_by"], programmes=d["programmes"], note=d["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("En ny version af kontrakten er gemt."))
            return redirect("contracts:detail", public_id=contract.public_id)
    return render(request, "contracts/version_form.html", {"form": form, "contract": contract})


RUNNERS = {
    RunKind.SETTLE: (SettleForm, lambda f: {"as_of": f.cleaned_data["as_of"],
                                            "idempotency_key": f.cleaned_data["submission"]}, services.run_settlement),
    RunKind.BUSINESS_CASE: (BusinessCaseForm, lambda f: {"overrides": f.overrides()}, services.run_business_case),
    RunKind.PLAN_VS_ACTUAL: (SettleForm, lambda f: {"as_of": f.cleaned_data["as_of"]}, services.run_plan_vs_actual),
    RunKind.SIMULATE: (SimulateForm, lambda f: {"runs": f.cleaned_data["runs"], "seed": f.cleaned_data["seed"],
                                                "calibrate": f.cleaned_data["calibrate"],
                                                "as_of": f.cleaned_data["as_of"]}, services.run_simulation),
}


@login_required
@require_POST
def run_create(request, public_id, kind):
    access = access_for(request)
    contract = ca.contract_get(access, public_id, Perm.CONTRACT_SETTLE)
    if kind not in RUNNERS:
        raise Http404
    form_class, kwargs_of, runner = RUNNERS[kind]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run = runner(by=request.user, contract=contract, label=form.cleaned_data["label"], **kwargs_of(form))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("contracts:run", public_id=run.public_id)
    else:
        messages.error(request, " ".join(f"{form.fields[k].label}: {' '.join(v)}" if k in form.fields else " ".join(v)
                                         for k, v in form.errors.items()))
    return redirect("contracts:detail", public_id=contract.public_id)


@login_required
def run_detail(request, public_id):
    access = access_for(request)
    run = ca.run_get(access, public_id)
    context = {"run": run, "contract": run.contract, **_names(run)}
    if run.kind == RunKind.SETTLE:
        context["ledger"] = selectors.ledger(access, run, request.GET)
        context["can_see_names"] = ca.can_see_names(access, run)
        context.update(_payment_context(access, run))
        template = "contracts/_ledger_lines.html" if request.htmx else "contracts/ledger.html"
        return render(request, template, context)
    if run.kind == RunKind.BUSINESS_CASE:
        context["chart"] = _cashflow_chart(run)
        return render(request, "contracts/business_case.html", context)
    if run.kind == RunKind.PLAN_VS_ACTUAL:
        context.update(_plan_context(run))
        return render(request, "contracts/plan_vs_actual.html", context)
    context.update(_simulation_charts(run))
    return render(request, "contracts/simulation.html", context)


def _names(run) -> dict:
    names_of = selectors.run_labels(run)
    return {"party_names": names_of["parties"], "outcome_names": names_of["outcomes"]}


def _payment_context(access, run) -> dict:
    state = payments.approval_state(run)
    return {"approval": state, "adjustments": run.result.get("adjustments"),
            "payment_lines": selectors.payment_lines(access, run),
            "can_approve": ca.can_settle(access, run.contract) and not state["approved"]
            and access.user.pk not in state["approved_by_ids"]}


@login_required
@require_POST
def run_approve(request, public_id):
    """One of the two approvals (four eyes) of a settlement's payment lines."""
    access = access_for(request)
    run = ca.run_get(access, public_id)
    if not ca.can_settle(access, run.contract):
        raise Http404
    try:
        approval = payments.run_approve(by=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Afregningen er godkendt til betaling.") if approval.step == 2
                         else _("Din godkendelse er registreret; afregningen mangler en godkendelse fra en anden bruger."))
    return redirect("contracts:run", public_id=run.public_id)


@login_required
def run_payments_export(request, public_id, fmt):
    """The approved payment lines for the finance system (CSV or Excel): pseudonymous ids only."""
    access = access_for(request)
    run = ca.run_get(access, public_id)
    if fmt not in ("csv", "xlsx") or run.kind != RunKind.SETTLE:
        raise Http404
    try:
        payments.require_approved(run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("contracts:run", public_id=run.public_id)
    services.run_exported(by=request.user, run=run, fmt=f"payments.{fmt}")
    return exports.payments_response(run, fmt)


def _cashflow_chart(run):
    c = run.result["chart"]
    return charts.cashflow_svg(c["months"], c["municipality_net"], c["cumulative_discounted"],
                               title=_("Kommunens nettopengestrøm pr. måned og akkumuleret tilbagediskonteret"))


def _plan_context(run):
    plan = plan_figures.context(run.result, services.validate_yaml(run.version.yaml_text))
    chart = charts.plan_svg(plan["chart"]["labels"], plan["chart"]["actual"], plan["chart"]["forecast"],
                            title=_("Akkumuleret netto for kommunen: prognose og faktisk"))
    return {"plan": plan, "chart": chart}


def _simulation_charts(run):
    fan = run.result["fan"]
    return {
        "fan_chart": charts.fan_svg(fan["months"], fan["P5"], fan["P50"], fan["P95"],
                                    title=_("Kommunens akkumulerede nutidsværdi: P5, P50 og P95 pr. måned")),
        "tornado_chart": charts.tornado_svg([{**b, "input": labels.model_input(b["input"])}
                                             for b in run.result["tornado"]], run.result["base_npv"],
                                            title=_("Følsomhed: nutidsværdi ved P10 og P90 af hvert input")),
        "fan_rows": list(zip(fan["months"], fan["P5"], fan["P50"], fan["P95"], strict=True)),
    }


@login_required
def run_export(request, public_id, fmt):
    access = access_for(request)
    run = ca.run_get(access, public_id)
    if fmt == "xlsx":
        content, mime = exports.run_xlsx(run), XLSX_CONTENT_TYPE
    elif fmt == "pdf":
        context = {"run": run, **_names(run)}
        if run.kind == RunKind.BUSINESS_CASE:
            context["chart"] = _cashflow_chart(run)
        elif run.kind == RunKind.PLAN_VS_ACTUAL:
            context.update(_plan_context(run))
        elif run.kind == RunKind.SIMULATE:
            context.update(_simulation_charts(run))
        content, mime = exports.run_pdf(run, context), PDF_CONTENT_TYPE
    else:
        raise Http404
    services.run_exported(by=request.user, run=run, fmt=fmt)
    return attachment(content, exports.filename(run, fmt), mime)


@login_required
def compare(request):
    access = access_for(request)
    access.require(Perm.CONTRACT_VIEW)
    runs, rows = selectors.comparison(access, request.GET.getlist("run"))
    return render(request, "contracts/compare.html", {"runs": runs, "rows": rows})
