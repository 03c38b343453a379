"""System checks of the assessment's settings."""

from django.conf import settings
from django.core.checks import Error

REVIEW_RULES = ("most", "median")


def review_rule_check(app_configs=None, **kwargs) -> list[Error]:
    """``ASSESSMENT_REVIEW_RULE`` names one of the rules ``services.review_result`` knows."""
    rule = getattr(settings, "ASSESSMENT_REVIEW_RULE", "most")
    if rule in REVIEW_RULES:
        return []
    return [
        Error(
            f"ASSESSMENT_REVIEW_RULE is {rule!r}; it must be one of {', '.join(REVIEW_RULES)}.",
            hint="Unset it for the default: the grade most reviewers gave, a tie to the lower grade.",
            id="projects.E001",
        )
    ]
