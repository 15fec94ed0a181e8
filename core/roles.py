"""The editor role: who may change the data, and nothing else.

The group "data editors" may view, add and change every data model (core/registry.py) and view
its history; never delete (a wrong figure is corrected, and history keeps what it was), never
touch users or groups. The group is brought in line with the registry after every ``migrate``,
so a new data model is editable as soon as it exists.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

from core.registry import data_models

DATA_EDITORS = "data editors"
ACTIONS = ["view", "add", "change"]


def editor_permission_codenames() -> list[tuple[str, str]]:
    """(app_label, codename) for every permission the data editors hold."""
    pairs = []
    for data_model in data_models():
        opts = data_model.model._meta
        pairs += [(opts.app_label, f"{action}_{opts.model_name}") for action in ACTIONS]
        # The history pages of simple-history need the historical model's view permission.
        pairs.append((opts.app_label, f"view_historical{opts.model_name}"))
    # Apps that are not data but that editors use (report ingestion) list their permissions in
    # their AppConfig: editor_permissions = ["view_document", ...].
    for config in global_apps.get_app_configs():
        pairs += [(config.label, code) for code in getattr(config, "editor_permissions", ())]
    return pairs


def sync_data_editors() -> None:
    """Create the group if needed and give it exactly the permissions above."""
    # Permissions are created by post_migrate receivers app by app; make sure all exist now.
    for app_config in global_apps.get_app_configs():
        if app_config.models_module is not None:
            create_permissions(app_config, verbosity=0)
    Group = global_apps.get_model("auth", "Group")
    Permission = global_apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=DATA_EDITORS)
    wanted = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in editor_permission_codenames()
    ]
    group.permissions.set(wanted)


def sync_after_migrate(sender, using="default", plan=None, **kwargs) -> None:
    """post_migrate receiver (connected in CoreConfig.ready)."""
    if plan is not None and all(backwards for _, backwards in plan) and plan:
        return  # migrating backwards: leave the group alone
    sync_data_editors()
