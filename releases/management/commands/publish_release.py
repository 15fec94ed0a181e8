"""manage.py publish_release --note "…": freeze the current data as the next numbered release."""

from django.core.management.base import BaseCommand, CommandError

from releases.services import NothingToPublish, publish_release


class Command(BaseCommand):
    help = (
        "Freeze the current data as release N: its changelog against release N-1 and its "
        "downloads (CSV, XLSX, JSON, datapackage.json), stored once and never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--note", required=True, help="what the release holds or changes")
        parser.add_argument(
            "--if-none",
            action="store_true",
            help="publish only when there is no release yet (make data on a fresh database)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="publish even when the data is exactly as the latest release froze it",
        )

    def handle(self, *args, note, if_none, force, **options):
        try:
            published = publish_release(note, if_none=if_none, force=force)
        except (NothingToPublish, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        release = published.release
        if not published.created:
            self.stdout.write(f"Release {release.number} exists already; nothing published.")
            return
        log = release.changelog
        self.stdout.write(
            self.style.SUCCESS(
                f"Published release {release.number}: {release.counts['statements']} statements "
                f"of {release.counts['figures']} figures; {len(log['added'])} added, "
                f"{len(log['changed'])} changed, {len(log['removed'])} removed since "
                f"{'release ' + str(log['previous']) if log['previous'] else 'nothing'}."
            )
        )
