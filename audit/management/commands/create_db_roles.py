"""Create (or bring up to date) the two PostgreSQL roles Brobyg runs with. Safe to run again.

- the owner role owns the tables and runs migrations (manage.py migrate with its DATABASE_URL);
- the serving role (gunicorn, the task worker) may SELECT, INSERT, UPDATE and DELETE on the
  tables, but only SELECT and INSERT on the tables that only grow: the audit log and the
  contracts' settlement runs, ledger entries and contract versions. It owns nothing and has no
  TRUNCATE, REFERENCES or TRIGGER privilege anywhere, so it can neither empty those tables nor
  disable their triggers.

Run it as the owner role or a superuser, after every migrate (new tables get the default
privileges below; the append-only ones are narrowed again here):

    DATABASE_URL=postgres://brobyg_owner@db/brobyg python manage.py create_db_roles \\
        --owner brobyg_owner --app brobyg_app

Passwords (optional; peer or certificate authentication needs none) come from the
environment: BROBYG_OWNER_DB_PASSWORD, BROBYG_APP_DB_PASSWORD. See docs/deploy.md.
"""

import os

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql

# (app label, model) of the tables the serving role may only read and append to.
APPEND_ONLY_MODELS = (
    ("audit", "AuditEvent"),
    ("contracts", "SettlementRun"),
    ("contracts", "LedgerEntry"),
    ("contracts", "ContractVersion"),
    ("contracts", "PaymentApproval"),
)


def append_only_tables() -> list[str]:
    return [apps.get_model(label, name)._meta.db_table for label, name in APPEND_ONLY_MODELS]


class Command(BaseCommand):
    help = "Create the owner and serving database roles and grant the serving role its privileges."

    def add_arguments(self, parser):
        parser.add_argument("--owner", default=os.environ.get("BROBYG_OWNER_DB_ROLE", "brobyg_owner"))
        parser.add_argument("--app", default=os.environ.get("BROBYG_APP_DB_ROLE", "brobyg_app"))
        parser.add_argument("--schema", default="public")

    def handle(self, *, owner: str, app: str, schema: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles exist on PostgreSQL only.")
        if owner == app:
            raise CommandError("The serving role must differ from the owner role.")
        with transaction.atomic(), connection.cursor() as cursor:
            self._ensure_role(cursor, owner, os.environ.get("BROBYG_OWNER_DB_PASSWORD"))
            self._ensure_role(cursor, app, os.environ.get("BROBYG_APP_DB_PASSWORD"), serving=True)
            self._refuse_ownership(cursor, app)
            for statement in grants(owner=owner, app=app, schema=schema, tables=self._tables(cursor, schema)):
                cursor.execute(statement)
        self.stdout.write(f"Roles ready: owner {owner}, serving role {app} (append-only: {', '.join(append_only_tables())}).")

    def _ensure_role(self, cursor, role: str, password: str | None, *, serving: bool = False) -> None:
        """Create a missing role (login, no special powers). An existing owner role is left as it
        is (it may be the role that runs this); an existing serving role must have no powers."""
        cursor.execute("SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
        found = cursor.fetchone()
        if found is None:
            cursor.execute(
                sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS").format(
                    sql.Identifier(role)
                )
            )
        elif serving and found[0]:
            raise CommandError(f"The serving role {role} may not be a superuser or create roles or databases.")
        if password:
            cursor.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role), sql.Literal(password)))

    def _refuse_ownership(self, cursor, app: str) -> None:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = %s", [app]
        )
        if cursor.fetchone()[0]:
            raise CommandError(
                f"The serving role {app} owns tables: REASSIGN OWNED BY {app} TO the owner role first (docs/deploy.md)."
            )

    def _tables(self, cursor, schema: str) -> list[str]:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [schema]
        )
        return [row[0] for row in cursor.fetchall()]


def grants(*, owner: str, app: str, schema: str, tables: list[str]) -> list[sql.Composable]:
    """The statements, in order. Revokes first, so running again narrows what was widened."""
    ident = sql.Identifier
    append_only = set(append_only_tables())
    statements: list[sql.Composable] = [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(ident(connection.settings_dict["NAME"]), ident(app)),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(ident(schema), ident(app)),
        sql.SQL("REVOKE CREATE ON SCHEMA {} FROM {}").format(ident(schema), ident(app)),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(ident(schema), ident(app)),
        # Tables the owner creates later (new migrations) are readable and writable at once;
        # this command narrows the append-only ones when it runs after migrate.
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(ident(owner), ident(schema), ident(app)),
        sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT USAGE, SELECT ON SEQUENCES TO {}").format(
            ident(owner), ident(schema), ident(app)
        ),
    ]
    for table in tables:
        qualified = sql.SQL("{}.{}").format(ident(schema), ident(table))
        statements.append(sql.SQL("REVOKE ALL ON TABLE {} FROM {}").format(qualified, ident(app)))
        allowed = "SELECT, INSERT" if table in append_only else "SELECT, INSERT, UPDATE, DELETE"
        statements.append(sql.SQL("GRANT {} ON TABLE {} TO {}").format(sql.SQL(allowed), qualified, ident(app)))
    return statements
