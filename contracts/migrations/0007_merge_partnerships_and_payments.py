
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('contracts', '0004_partnership_moved'),
        ('contracts', '0006_approval_append_only'),
    ]

    operations = [
    ]
