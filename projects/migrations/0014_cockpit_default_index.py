"""The city's composite index as the portal ships it (the README's "The cockpit" lists it): one
indicator or two of each practice the organization departments review, rates where the practice has
one, so a large area is not ranked above a small one for its size; the city edits it at
/cockpit/index/."""

from django.conf import settings
from django.db import migrations

DEFAULT_INDICATORS = [
    ("problems.overdue", "lower", 15),
    ("problems.satisfaction_rate", "higher", 15),
    ("problems.average_hours_to_resolve", "lower", 10),
    ("projects.reporting_rate", "higher", 15),
    ("projects.red", "lower", 10),
    ("assessment.average_score", "higher", 15),
    ("alliances.satisfaction_rate", "higher", 10),
    ("property.fee_rate", "higher", 10),
]


def create_default(apps, schema_editor):
    CompositeIndex = apps.get_model("projects", "CompositeIndex")
    CompositeIndicator = apps.get_model("projects", "CompositeIndicator")
    index, created = CompositeIndex.objects.get_or_create(area_code=settings.CITY_CODE, defaults={"name": "综合指数"})
    if created:
        CompositeIndicator.objects.bulk_create(
            CompositeIndicator(index=index, figure=figure, better=better, weight=weight, position=position)
            for position, (figure, better, weight) in enumerate(DEFAULT_INDICATORS)
        )


def remove_default(apps, schema_editor):
    apps.get_model("projects", "CompositeIndex").objects.filter(area_code=settings.CITY_CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0013_cockpit_composite_index")]

    operations = [migrations.RunPython(create_default, remove_default)]
