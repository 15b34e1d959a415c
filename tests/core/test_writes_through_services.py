"""Every write that matters goes through an audited service (`<app>/services*.py`): a view or API
module (`<app>/views*.py`, `<app>/api*.py`) never saves, creates, updates or deletes a model
itself. This walks the syntax tree of every such module and names each direct write by file,
line and function.

What counts as a direct write (the code is read, not run, so the receiver's type is guessed):
- `x.save(…)`, `x.delete(…)` on anything (a model, a queryset, a ModelForm);
- `….create(…)`, `get_or_create`, `update_or_create`, `bulk_create`, `bulk_update` on anything;
- `….update(…)` and `….set(…)` on a manager or queryset chain (`X.objects…`, `….filter(…)`,
  `org.tags.set(…)`), not on a plain name such as a context dict;
- `….execute(…)` (raw SQL).
An exception needs a line in ALLOWED with the reason it is not a write that matters."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALWAYS = {"save", "delete", "create", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "execute"}
ON_QUERYSETS = {"update", "set"}

# (module path, function, method) → why it is allowed. Keep it empty unless a reason is written.
ALLOWED: dict[tuple[str, str, str], str] = {
    ("core/views.py", "_database_ok", "execute"): "the readiness probe runs SELECT 1: a read, no model",
}


def view_and_api_modules() -> list[Path]:
    apps = [p.parent for p in ROOT.glob("*/apps.py")] + [ROOT / "brobyg"]
    modules = {m for app in apps for pattern in ("views*.py", "api*.py") for m in app.glob(pattern)}
    return sorted(modules)


def _is_queryset_chain(node: ast.expr) -> bool:
    """`X.objects`, `X.objects.filter(…)`, `org.tags`, `qs.filter(…).exclude(…)`: a manager or a
    queryset, as far as the syntax tells."""
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Attribute)
    return isinstance(node, ast.Attribute)  # obj.relation (a related manager), X.objects


def direct_writes(source: str) -> list[tuple[int, str, str]]:
    """(line, enclosing function, method) of every direct write in a module's source."""
    found = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
                method, receiver = child.func.attr, child.func.value
                if method in ALWAYS or (method in ON_QUERYSETS and _is_queryset_chain(receiver)):
                    found.append((child.lineno, function, method))
            visit(child, name)

    visit(ast.parse(source), "<module>")
    return found


def test_the_checker_finds_direct_writes_and_leaves_reads_alone():
    source = '''
def view(request):
    context = {}
    context.update(extra)                                 # a dict: not a write
    org.save()
    Tag.objects.get_or_create(name="x")
    Organisation.objects.filter(pk=1).update(name="y")
    org.tags.set(tags)
    get_object_or_404(Contact, pk=1).delete()
    form.save(commit=False)
    services.organisation_update(by=request.user, organisation=org, data={})
    return render(request, "x.html", context)
'''
    assert direct_writes(source) == [
        (5, "view", "save"),
        (6, "view", "get_or_create"),
        (7, "view", "update"),
        (8, "view", "set"),
        (9, "view", "delete"),
        (10, "view", "save"),
    ]


def test_the_view_and_api_modules_of_every_app_are_checked():
    names = {str(m.relative_to(ROOT)) for m in view_and_api_modules()}
    assert {"registry/views.py", "registry/api.py", "accounts/views.py", "pathways/api_running.py"} <= names
    assert "brobyg/api.py" in names


def test_views_and_api_modules_write_only_through_services():
    offenders = []
    for module in view_and_api_modules():
        path = str(module.relative_to(ROOT))
        for line, function, method in direct_writes(module.read_text(encoding="utf-8")):
            if (path, function, method) not in ALLOWED:
                offenders.append(f"{path}:{line} {function}() calls .{method}(")
    assert offenders == [], "Move these writes into an audited service:\n" + "\n".join(offenders)


def test_every_allowed_exception_gives_its_reason():
    assert all(reason.strip() for reason in ALLOWED.values())
