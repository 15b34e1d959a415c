"""The parts of the OCDS 1.1 release-package and release schemas (standard.open-contracting.org,
schema 1__1__5, JSON Schema draft 4) that cover every field Brobyg writes: required fields,
types, formats and the closed codelists. Written out here because the tests run offline;
test_market_ocds also runs libcoveocds against the full published schema when it can reach it."""

DATE_TIME = {"type": "string", "format": "date-time"}
ORG_REF = {"type": "object", "properties": {"id": {"type": ["string", "integer"]}, "name": {"type": ["string", "null"]}}}
VALUE = {
    "type": "object",
    "properties": {"amount": {"type": ["number", "null"]}, "currency": {"type": ["string", "null"], "pattern": "^[A-Z]{3}$"}},
}
PERIOD = {"type": "object", "properties": {"startDate": DATE_TIME, "endDate": DATE_TIME}}

RELEASE = {
    "type": "object",
    "required": ["ocid", "id", "date", "tag", "initiationType"],
    "properties": {
        "ocid": {"type": "string", "minLength": 1},
        "id": {"type": "string", "minLength": 1},
        "date": DATE_TIME,
        "tag": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": [
            "planning", "planningUpdate", "tender", "tenderAmendment", "tenderUpdate", "tenderCancellation", "award",
            "awardUpdate", "awardCancellation", "contract", "contractUpdate", "contractAmendment", "implementation",
            "implementationUpdate", "contractTermination", "compiled"]}},
        "initiationType": {"type": "string", "enum": ["tender"]},
        "language": {"type": ["string", "null"]},
        "parties": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "string"}, "name": {"type": ["string", "null"]},
            "identifier": {"type": "object", "properties": {"scheme": {"type": ["string", "null"]}, "id": {"type": ["string", "integer", "null"]}, "legalName": {"type": ["string", "null"]}}},
            "address": {"type": "object", "properties": {k: {"type": ["string", "null"]} for k in ("streetAddress", "locality", "region", "postalCode", "countryName")}},
            "roles": {"type": ["array", "null"], "items": {"type": "string"}},
        }}},
        "buyer": ORG_REF,
        "tender": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": ["string", "integer"]}, "title": {"type": ["string", "null"]}, "description": {"type": ["string", "null"]},
            "status": {"type": ["string", "null"], "enum": ["planning", "planned", "active", "cancelled", "unsuccessful", "complete", "withdrawn", None]},
            "value": VALUE,
            "procurementMethod": {"type": ["string", "null"], "enum": ["open", "selective", "limited", "direct", None]},
            "procurementMethodDetails": {"type": ["string", "null"]},
            "mainProcurementCategory": {"type": ["string", "null"], "enum": ["goods", "works", "services", None]},
            "items": {"type": "array", "items": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": ["string", "integer"]},
                "classification": {"type": "object", "properties": {"scheme": {"type": ["string", "null"]}, "id": {"type": ["string", "integer", "null"]}, "description": {"type": ["string", "null"]}}},
            }}},
            "tenderPeriod": PERIOD, "enquiryPeriod": PERIOD,
            "documents": {"type": "array", "items": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": ["string", "integer"]}, "documentType": {"type": ["string", "null"]}, "title": {"type": ["string", "null"]},
                "url": {"type": ["string", "null"], "format": "uri"}, "format": {"type": ["string", "null"]},
            }}},
        }},
        "awards": {"type": "array", "items": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": ["string", "integer"]}, "title": {"type": ["string", "null"]}, "description": {"type": ["string", "null"]},
            "status": {"type": ["string", "null"], "enum": ["pending", "active", "cancelled", "unsuccessful", None]},
            "date": DATE_TIME, "value": VALUE, "suppliers": {"type": "array", "items": ORG_REF}, "contractPeriod": PERIOD,
        }}},
    },
}  # fmt: skip

RELEASE_PACKAGE = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "type": "object",
    "required": ["releases", "version"],
    "properties": {
        "uri": {"type": "string", "format": "uri"},
        "version": {"type": "string", "pattern": r"^(\d+\.)(\d+)$"},
        "publishedDate": DATE_TIME,
        "releases": {"type": "array", "items": RELEASE},
        "publisher": {"type": "object", "properties": {"name": {"type": "string"}}},
        "license": {"type": ["string", "null"], "format": "uri"},
    },
}
