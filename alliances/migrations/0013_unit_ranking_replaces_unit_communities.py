"""The communities a unit's members served in are kept with the unit's rank
(``volunteering.unit_ranking``): the counts of the family that kept them alone go. The new
family is counted by ``manage.py recount_counts --rebuild volunteering.unit_ranking``."""

from django.db import migrations


def forget_unit_communities(apps, schema_editor):
    KeptCount = apps.get_model("jilin_grid", "KeptCount")
    KeptCount.objects.using(schema_editor.connection.alias).filter(family="volunteering.unit_communities").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("alliances", "0012_locations"),
        ("jilin_grid", "0003_kept_counts"),
    ]

    operations = [migrations.RunPython(forget_unit_communities, migrations.RunPython.noop)]
