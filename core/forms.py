"""Form fields shared by the filter forms."""

from django import forms


class LocalizedModelChoiceField(forms.ModelChoiceField):
    """A model drop-down whose options are named in the page's language.

    Django names options with ``str(obj)``, which for data models is the Chinese the admin shows;
    this reads ``option_label`` (an attribute or property such as ``name``, which is English on
    English pages where an English name exists). Choices are built when the form is rendered, so
    the language is the request's.
    """

    def __init__(self, *args, option_label: str = "name", **kwargs):
        self.option_label = option_label
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return getattr(obj, self.option_label)
