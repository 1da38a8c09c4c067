"""The API's one input format: JSON, refused with a 400 when nested deeper than any resource
needs (a 5 000-deep body made the decoder overflow Python's stack: a 500)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# The deepest body a resource takes is a list of objects inside an object (3 levels); a little
# room above it for clients that wrap.
MAX_DEPTH = 16


def _depth_over(value, limit: int) -> bool:
    """Whether ``value`` nests deeper than ``limit``, walked without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class PortalJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
            too_deep = _depth_over(data, MAX_DEPTH)
        except RecursionError:
            too_deep = True
        if too_deep:
            raise ParseError(
                _("The JSON body is nested more than %(limit)d levels deep.") % {"limit": MAX_DEPTH}
            )
        return data
