"""The first service kinds; administrators add and rename kinds in the admin."""

from django.db import migrations

from alliances.volunteering.choices import DEFAULT_SERVICE_KINDS


def add_kinds(apps, schema_editor):
    ServiceKind = apps.get_model("alliances", "ServiceKind")
    for position, name in enumerate(DEFAULT_SERVICE_KINDS, start=1):
        ServiceKind.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("alliances", "0002_volunteering")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
