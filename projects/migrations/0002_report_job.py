"""The dispatch report row is called ReportJob, apart from members' and progress reports; its table
keeps its name, so nothing changes in the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
    ]

    operations = [
        # Name the table explicitly first, so that the rename below keeps it as it is.
        migrations.AlterModelTable(name="report", table="projects_report"),
        migrations.RenameModel(old_name="Report", new_name="ReportJob"),
    ]
