"""The OpenAPI schema, true to every answer the API gives.

- ``error_responses``, a drf-spectacular postprocessing hook: every operation declares the errors
  the shared layer answers with (400 bad input, 401 no credentials, 403 a role that may not, 404 an
  object or page outside the caller's area, 415 a body of another media type, 429 throttled), each
  with the body it has, so a client reads them from the schema and a fuzzer finds nothing
  undocumented.
- The same hook states what the shared layer accepts: ids and other integers of the query and
  the path within the database's range (larger ones answer 400), a date of the query also empty
  (no bound, as the list pages' filter forms send it), and bodies as JSON (multipart only where a
  file is uploaded; the form encodings stay accepted for the browsable API, undocumented).
- ``MaskedPhoneFieldExtension``: a masked phone number (139****5678) is a valid answer; what a
  client sends is still a real phone number (or nothing).
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiSerializerFieldExtension

from ..filters import MAX_ID
from ..validators import phone_validator

# A phone number as sent: a mobile or landline number (blank, where the field allows it, is added
# by drf-spectacular beside this schema).
PHONE_PATTERN = phone_validator.regex.pattern
# As answered: whole, or masked by ``jilin_grid.masking.mask_phone`` (digits kept at either end).
SHOWN_PHONE = "^(" + PHONE_PATTERN.removeprefix("^(").removesuffix(")$") + r"|[\d-]{1,3}\*+[\d-]{0,4})$"


class MaskedPhoneFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "jilin_grid.api.fields.MaskedPhoneField"

    def map_serializer_field(self, auto_schema, direction):
        schema = {"type": "string", "maxLength": self.target.max_length or 20}
        if direction == "response":
            schema["pattern"] = SHOWN_PHONE
            schema["description"] = (
                "Whole for roles that work with residents where the owner lives, masked (139****5678) otherwise."
            )
        else:
            schema["pattern"] = PHONE_PATTERN
        if self.target.help_text:
            schema["description"] = str(self.target.help_text)
        return schema


# Text without a NUL character.
NO_NUL = "^[^\\u0000]*$"

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A refusal of bad input: the messages by field (``non_field_errors`` for the whole request), or a
# ``detail`` when it is about the request itself. Nested serializers nest their messages.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "additionalProperties": {},
    "description": "Messages by field (non_field_errors: about no one field), or a detail.",
}

ERROR_DESCRIPTIONS = {
    "400": "Bad input: the answer says why, beside the field or parameter concerned.",
    "401": "No credentials, or credentials that are not valid.",
    "403": "The caller's role may not do this here.",
    "404": "No such object or page, or outside the caller's area.",
    "415": "The body is not of a media type this operation reads.",
    "429": "Too many requests: try again after the seconds of the Retry-After header.",
}


def _content(code: str) -> dict:
    schema = {"$ref": "#/components/schemas/ValidationError" if code == "400" else "#/components/schemas/Error"}
    return {"application/json": {"schema": schema}}


def _errors_of(path: str, method: str, operation: dict) -> list[str]:
    """The error statuses this operation can answer."""
    parameters = operation.get("parameters", [])
    takes_input = bool(parameters) or "requestBody" in operation
    codes = ["401", "403", "429"]
    if takes_input:
        codes.append("400")
    if "{" in path or any(parameter.get("in") in {"path", "query"} for parameter in parameters):
        codes.append("404")  # an object outside the area, an unknown page or area
    if "requestBody" in operation:
        codes.append("415")
    return codes


def _bounded(schema: dict) -> None:
    if schema.get("type") == "integer":
        schema.setdefault("minimum", -MAX_ID)
        schema.setdefault("maximum", MAX_ID)


def _parameters_as_accepted(operation: dict) -> None:
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if parameter.get("in") not in {"query", "path"}:
            continue
        # A filter's number left empty filters nothing, as the list pages' forms send it; a page, a
        # page size or a figure's year (which say their minimum) must be a number when given.
        # (A list of choices takes no empty item: that answers 400, as its schema says.)
        filters_by_number = parameter["in"] == "query" and "minimum" not in schema
        _bounded(schema)
        _bounded(schema.get("items", {}))
        if filters_by_number and schema.get("type") == "integer":
            parameter["schema"] = schema = {"oneOf": [schema, {"type": "string", "maxLength": 0}]}
        if schema.get("type") == "string" and not {"pattern", "enum", "format"} & set(schema):
            schema["pattern"] = NO_NUL  # Django's form fields refuse a NUL character (400)
        if parameter["in"] == "query" and schema.get("type") == "string" and "" not in schema.get("enum", [""]):
            schema["enum"] = [*schema["enum"], ""]  # an empty choice filters nothing, as forms send it
        if parameter["in"] == "query" and schema.get("format") == "date":
            parameter["schema"] = {"oneOf": [schema, {"type": "string", "maxLength": 0}]}


def _uploads_file(media: dict, schemas: dict) -> bool:
    schema = media.get("schema", {})
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        schema = schemas.get(ref.rsplit("/", 1)[-1], {})
    return "'binary'" in repr(schema)


def _json_bodies(operation: dict, schemas: dict) -> None:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return
    content.pop("application/x-www-form-urlencoded", None)
    if not _uploads_file(content.get("multipart/form-data", {}), schemas):
        content.pop("multipart/form-data", None)


def error_responses(result, generator, request, public):
    """Postprocessing hook: declare the shared layer's error answers on every operation, and what
    it accepts (parameters in range, JSON bodies)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    schemas.setdefault("ValidationError", VALIDATION_ERROR_SCHEMA)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            _parameters_as_accepted(operation)
            _json_bodies(operation, schemas)
            responses = operation["responses"]
            for code in _errors_of(path, method, operation):
                responses.setdefault(code, {"description": ERROR_DESCRIPTIONS[code]})
            for code, response in responses.items():
                if code.startswith("4") and "content" not in response:
                    response["content"] = _content(code)
            if "429" in responses:
                responses["429"].setdefault(
                    "headers", {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}
                )
    return result
