"""What the supplier pages show of higher apps, provided by those apps (core/providers.py).

audits registers both in ``AuditsConfig.ready()``.
"""

from core.providers import Provider

supplier_open_findings = Provider(
    "suppliers.supplier_open_findings",
    "(*, supplier, user) -> the findings of the supplier's audits that are still open and that "
    "the user may see, by deadline.",
)
supplier_audit_count = Provider(
    "suppliers.supplier_audit_count",
    "() -> an expression for annotating suppliers with their number of audits, one query for a "
    "whole changelist.",
)
