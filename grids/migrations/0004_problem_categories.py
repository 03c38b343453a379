"""The first problem categories and their response deadlines; administrators change them in the admin."""

from django.db import migrations

CATEGORIES = [
    ("物业管理", 7),
    ("环境卫生", 5),
    ("治安安全", 2),
    ("养老服务", 5),
    ("就业帮扶", 10),
    ("法律援助", 10),
    ("设施维修", 7),
    ("其他", 10),
]


def add_categories(apps, schema_editor):
    ProblemCategory = apps.get_model("grids", "ProblemCategory")
    for position, (name, days) in enumerate(CATEGORIES, start=1):
        ProblemCategory.objects.get_or_create(name=name, defaults={"response_days": days, "position": position})


class Migration(migrations.Migration):
    dependencies = [("grids", "0003_resident_problems")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
