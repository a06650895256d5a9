"""The API's request parser: DRF's JSON parser, with nesting too deep for Python as a 400."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            # json.loads gives up on arrays or objects nested about a thousand deep.
            raise ParseError(_("JSON parse error - the body is nested too deeply.")) from None
