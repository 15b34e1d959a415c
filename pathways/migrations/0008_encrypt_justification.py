"""The justification for referring a citizen outside a programme's target groups is free text
about the citizen's situation (often health): encrypted at rest like the other free text, by the
same steps as 0005."""

import importlib

from django.db import migrations

_0005 = importlib.import_module("pathways.migrations.0005_encrypt_free_text")

FIELDS = [("referral", "justification", "begrundelse for visitation uden for forløbets målgrupper", None, True)]


class Migration(migrations.Migration):
    dependencies = [("pathways", "0007_open_referral_includes_waiting")]

    operations = _0005.operations_for(FIELDS)
