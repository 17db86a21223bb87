"""OpenAPI generation: every operation documents the error answers it can really give.

drf-spectacular documents the success answer only; clients (and schemathesis in CI) must also
find the 400, 401, 403, 404, 415 and 429 each endpoint returns, with the shape of their body.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent

ERROR_SCHEMA = {
    "type": "object",
    "description": "Why the request was refused, in the user's language.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "What is wrong with the input: each key names a field (or is `detail` or "
    "`non_field_errors` for the request as a whole), each value holds its messages.",
    "additionalProperties": {},
}
DESCRIPTIONS = {
    "400": "Invalid input",
    "401": "No credentials, or a wrong token",
    "403": "Not allowed for this user (or a staff account without two-factor authentication)",
    "404": "No such object, or not visible to this user",
    "415": "The body is in a format the API does not read (send JSON, or a form)",
    "429": "Too many requests: wait before trying again",
}


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        for code in self._error_codes(operation):
            responses.setdefault(code, {"description": DESCRIPTIONS[code]})
        for code, response in responses.items():
            if code >= "400":
                response.setdefault("content", self._error_content(code))
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _get_request_body(self, direction="request"):
        """drf-spectacular documents bodies for POST, PUT and PATCH only; a DELETE declaring one
        (``DELETE /me/`` reads the password there) gets it documented too."""
        if self.method != "DELETE" or self.get_request_serializer() is None:
            return super()._get_request_body(direction)
        self.method = "POST"
        try:
            body = super()._get_request_body(direction)
        finally:
            self.method = "DELETE"
        if body is not None:
            body["required"] = False
        return body

    def _error_codes(self, operation):
        parameters = operation.get("parameters", [])
        # Any request whose path, query string or headers hold a NUL or an unpaired surrogate is
        # refused with a 400 before routing (governance.input_guard), whatever its parameters.
        codes = ["400", "401"]
        if "requestBody" in operation:
            codes.append("415")
        # Session users may be refused by CSRF on writes, and staff without MFA everywhere.
        codes.append("403")
        # A path names an object; a page number past the end is a 404 too.
        if any(p["in"] == "path" or p["name"] == "page" for p in parameters):
            codes.append("404")
        if self.view.get_throttles():
            codes.append("429")
        return codes

    def _error_content(self, code):
        name, schema = (
            ("ValidationError", VALIDATION_ERROR_SCHEMA)
            if code == "400"
            else ("Error", ERROR_SCHEMA)
        )
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        return {"application/json": {"schema": component.ref}}
