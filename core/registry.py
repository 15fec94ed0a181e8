"""The one list of the site's data models, and what each is for.

Each data app names its data models in its ``AppConfig.data_models``, in loading order, with the
fixture file they are released in. Everything that must treat "the data" alike reads this list:
cache invalidation (core/caching.py), the data editors' permissions (core/roles.py), the
fixtures export (core/fixtures.py), quote checking (core/quotes.py), and a system check that
every data model keeps a history and refreshes the page cache on bulk writes (core/checks.py).
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class DataModel:
    model: type[models.Model]
    fixture: str  # file name in fixtures/, numbered in loading order: 01_sources.json

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def is_cited(self) -> bool:
        """Does each row carry a verbatim quote from its source?"""
        names = {f.name for f in self.model._meta.get_fields()}
        return {"quote", "source"} <= names


def data_models() -> list[DataModel]:
    """Every data model, in loading order: the apps' order in INSTALLED_APPS, then as declared."""
    found = []
    for config in apps.get_app_configs():
        for model_name, fixture_stem in getattr(config, "data_models", ()):
            number = len(found) + 1
            found.append(
                DataModel(config.get_model(model_name), f"{number:02d}_{fixture_stem}.json")
            )
    return found


def cited_models() -> list[type[models.Model]]:
    return [d.model for d in data_models() if d.is_cited]
