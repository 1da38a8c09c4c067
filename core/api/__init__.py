"""The REST API's shared plumbing: base viewsets and serializers, pagination, incremental sync,
the CSV renderer, throttling, the one error shape and the OpenAPI schema extensions."""
