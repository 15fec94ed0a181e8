"""Filters shared by the filtered tables (django-filter)."""

import django_filters

from core.forms import LocalizedModelChoiceField


class LocalizedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A model drop-down filter with options in the page's language (core/forms.py); pass
    ``option_label`` to name them by another attribute than ``name``."""

    field_class = LocalizedModelChoiceField
