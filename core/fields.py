"""Model fields shared by the apps (imports no app)."""

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Health-related free text encrypted at rest (AES-256-GCM, the same rotatable keys as the
    CPR; core.crypto). Python and forms see a str; the column holds the token as bytes, bound to
    this model and field as associated data so a token cannot be moved to another column. The
    empty string is stored as empty bytes. Such a column cannot be searched or sorted in SQL:
    filter on other columns, then read."""

    def db_type(self, connection):
        return connection.data_types["BinaryField"]

    def rel_db_type(self, connection):
        return self.db_type(connection)

    def purpose(self) -> bytes:
        return f"{self.model._meta.label_lower}.{self.name}".encode()

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        token = bytes(value)
        return crypto.decrypt(token, purpose=self.purpose()) if token else ""

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        text = self.to_python(value)
        token = crypto.encrypt(text, purpose=self.purpose()) if text else b""
        return connection.Database.Binary(token)

    def get_db_prep_save(self, value, connection):
        return self.get_db_prep_value(value, connection)

    def reencrypt_token(self, token: bytes) -> bytes:
        """The stored token under the current key (for key rotation)."""
        return crypto.reencrypt(token, purpose=self.purpose()) if token else b""
