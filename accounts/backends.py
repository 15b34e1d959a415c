"""Django's ModelBackend with the signed-in user loaded by a plain SQL statement (issue 18).

Every signed-in request loads its user; building that query took the ORM more CPU than the
statement itself. The row becomes a model instance through a raw queryset (the ORM's own
converters and Model.from_db); inactive users are refused as ModelBackend refuses them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connection


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        quote = connection.ops.quote_name
        table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
        user = next(iter(model._default_manager.raw(f"SELECT * FROM {table} WHERE {key} = %s", [pk])), None)  # noqa: S608 - the model's own names
        return user if user is not None and self.user_can_authenticate(user) else None
