from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core.fixtures import export_fixtures


class Command(BaseCommand):
    help = (
        "Write the database back into fixtures/ (natural keys, stable order), for review as a diff."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            type=Path,
            default=Path(settings.BASE_DIR) / "fixtures",
            help="where to write (default: the repository's fixtures/)",
        )

    def handle(self, *args, directory, **options):
        for path in export_fixtures(directory):
            self.stdout.write(f"wrote {path}")
