"""System checks that keep the data registry honest (run by `manage.py check` and the tests)."""

from django.apps import apps
from django.core import checks

from core.models import DataQuerySet
from core.registry import data_models

DATA_APPS = ("sources", "districts", "indicators")


@checks.register()
def every_data_model_is_registered_and_guarded(app_configs=None, **kwargs):
    errors = []
    registered = {d.model for d in data_models()}
    for label in DATA_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            if model not in registered:
                errors.append(
                    checks.Error(
                        f"{model._meta.label} is not in its app's data_models.",
                        hint="Add it to the AppConfig's data_models (core/registry.py).",
                        obj=model,
                        id="core.E001",
                    )
                )
    for data_model in data_models():
        model = data_model.model
        if not hasattr(model, "history"):
            errors.append(
                checks.Error(
                    f"{data_model.label} keeps no history.",
                    hint="Give it `history = HistoricalRecords()` (django-simple-history).",
                    obj=model,
                    id="core.E002",
                )
            )
        if not issubclass(model._default_manager.get_queryset().__class__, DataQuerySet):
            errors.append(
                checks.Error(
                    f"{data_model.label}'s default manager does not refresh cached pages on "
                    "bulk writes.",
                    hint="Build its manager on core.models.DataManager / DataQuerySet.",
                    obj=model,
                    id="core.E003",
                )
            )
    return errors
