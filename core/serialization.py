"""The backup's serialisation format (``exactjsonl``): Django's JSON Lines with times to the
microsecond. Django's JSON encoder cuts them to milliseconds, and ``modified`` is the key the
API's clients sync by: a restored row must carry the very time it had."""

import datetime

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = jsonl.Deserializer
