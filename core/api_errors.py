"""The error bodies of the JSON API, for the `response=` maps of every router. brobyg.api's
exception handlers produce exactly these shapes, so the OpenAPI schema documents what a client
really receives:

    @router.get("/things", response={200: ThingPage, **READ_ERRORS})
    @router.post("/things", response={201: ThingOut, **WRITE_ERRORS})
    @router.post("/things/{id}/close", response={200: ThingOut, **CHANGE_ERRORS})   # a lifecycle move
"""

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str = Field(examples=["Findes ikke."])


class FieldErrorOut(Schema):
    field: str | None = Field(
        description="Feltet (punktum-sti for lister), null for fejl i helheden", examples=["cvr"]
    )
    message: str = Field(examples=["CVR-nummeret har et forkert kontrolciffer."])
    code: str = Field(examples=["value_error"])


class ValidationErrorOut(Schema):
    detail: str = Field(examples=["Ugyldige data."])
    errors: list[FieldErrorOut]


# 401 no or bad token · 404 missing or another municipality's record · 422 invalid parameters
READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
# … and 400 unreadable body · 403 visible but not allowed
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
# … and 409 a move the record's lifecycle does not allow (core.lifecycle.IllegalTransition)
CHANGE_ERRORS = {**WRITE_ERRORS, 409: ErrorOut}
