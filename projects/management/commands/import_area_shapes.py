"""``manage.py import_area_shapes FILE [--code-property code]``: store the boundaries of a GeoJSON
FeatureCollection of districts, streets, communities or grids, each feature matched to an area by its
code property. A bad file is refused with the reason of every feature refused, and nothing is
written; the shapes imported replace the illustrative ones."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from projects.maps.services import shapes_import


class Command(BaseCommand):
    help = "Import area boundaries from a GeoJSON FeatureCollection (matched by a code property)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A GeoJSON file (UTF-8): a FeatureCollection of (Multi)Polygons.")
        parser.add_argument(
            "--code-property", default="code", help="The property holding each feature's area code (default: code)."
        )

    def handle(self, *args, file: str, code_property: str, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"无法读取文件。 / The file cannot be read: {error}") from error
        try:
            collection = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(f"文件不是 JSON。 / The file is not JSON: {error}") from error
        try:
            stored = shapes_import(collection=collection, code_property=code_property)
        except ValidationError as error:
            raise CommandError("\n".join(["未导入任何边界。 / Nothing was imported:", *error.messages])) from error
        self.stdout.write(self.style.SUCCESS(f"已导入 {stored} 个区域边界。 / {stored} area shapes imported."))
