"""The city's composite index as the portal ships it (the README's "The cockpit" lists it): the
residents' problems weigh most, as the organization departments review them first; the city edits
it at /cockpit/index/."""

from django.conf import settings
from django.db import migrations

DEFAULT_INDICATORS = [
    ("problems.overdue", "lower", 25),
    ("problems.satisfaction_rate", "higher", 20),
    ("problems.average_hours_to_resolve", "lower", 20),
    ("problems.resolved", "higher", 10),
    ("problems.escalated_district", "lower", 10),
    ("network.grid_workers", "higher", 10),
    ("network.grid_chiefs", "higher", 5),
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
