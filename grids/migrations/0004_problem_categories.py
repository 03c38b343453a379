"""The first problem categories and their response deadlines; administrators change them in the admin."""

from django.db import migrations

from grids.problems.choices import DEFAULT_PROBLEM_CATEGORIES


def add_categories(apps, schema_editor):
    ProblemCategory = apps.get_model("grids", "ProblemCategory")
    for position, (name, days) in enumerate(DEFAULT_PROBLEM_CATEGORIES, start=1):
        ProblemCategory.objects.get_or_create(name=name, defaults={"response_days": days, "position": position})


class Migration(migrations.Migration):
    dependencies = [("grids", "0003_resident_problems")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
