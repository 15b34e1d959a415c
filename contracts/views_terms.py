"""The contract's terms for people: a printable terms page (and its PDF), and the form-based
editor that writes a new version's YAML through contracts.editor and the same validation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import access_for
from accounts.roles import Perm
from core.exports import PDF_CONTENT_TYPE, attachment
from core.pdf import render_pdf

from . import access as ca
from . import editor, labels, services
from .forms_editor import OutcomeFormSet, TermsForm, ThresholdFormSet, initial_from
from .terms import terms


@login_required
def contract_terms(request, public_id):
    access = access_for(request)
    contract = ca.contract_get(access, public_id)
    version = services.current_version(contract)
    context = {"contract": contract, "version": version, "t": terms(services.validate_yaml(version.yaml_text))}
    if request.GET.get("format") == "pdf":
        services.terms_exported(by=request.user, contract=contract, version=version)
        content = render_pdf("contracts/terms_pdf.html", context)
        return attachment(content, f"kontraktvilkaar-{str(contract.public_id)[:8]}.pdf", PDF_CONTENT_TYPE)
    return render(request, "contracts/terms.html", context)


@login_required
def contract_edit(request, public_id):
    access = access_for(request)
    contract = ca.contract_get(access, public_id, Perm.CONTRACT_EDIT)
    version = services.current_version(contract)
    data = editor.load(version.yaml_text)
    terms_initial, outcomes_initial, thresholds_initial = initial_from(data)
    names = labels.outcomes(services.validate_yaml(version.yaml_text))
    requires = [(o["key"], names.get(o["key"], o["key"])) for o in outcomes_initial if o["key"]]
    post = request.POST if request.method == "POST" else None
    form = TermsForm(post, initial=terms_initial)
    outcomes = OutcomeFormSet(post, initial=outcomes_initial, prefix="o", form_kwargs={"requires_choices": requires})
    thresholds = ThresholdFormSet(post, initial=thresholds_initial, prefix="t")
    if post is not None and form.is_valid() and outcomes.is_valid() and thresholds.is_valid():
        rows = [f.cleaned_data for f in outcomes.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        new_yaml = editor.apply(version.yaml_text, terms=form.cleaned_data, outcomes=rows,
                                thresholds=[f.cleaned_data for f in thresholds.forms])
        try:
            services.contract_revise(by=request.user, contract=contract, yaml_text=new_yaml,
                                     cohort_by=version.cohort_by, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error.message_dict.get("yaml_text", error.messages))
        else:
            messages.success(request, _("Vilkårene er gemt som en ny version af kontrakten."))
            return redirect("contracts:terms", public_id=contract.public_id)
    labelled = list(zip(thresholds.forms, [t["label"] for t in thresholds_initial], strict=False))
    return render(request, "contracts/editor.html", {"contract": contract, "version": version, "form": form,
                                                     "outcomes": outcomes, "thresholds": thresholds,
                                                     "threshold_rows": labelled})
