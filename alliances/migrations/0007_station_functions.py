"""The first functions of a red station; administrators add and rename them in the admin."""

from django.db import migrations

from alliances.stations.choices import DEFAULT_STATION_FUNCTIONS


def add_functions(apps, schema_editor):
    StationFunction = apps.get_model("alliances", "StationFunction")
    for position, name in enumerate(DEFAULT_STATION_FUNCTIONS, start=1):
        StationFunction.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("alliances", "0006_red_stations")]

    operations = [migrations.RunPython(add_functions, migrations.RunPython.noop)]
