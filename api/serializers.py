"""What each resource looks like in JSON; drf-spectacular writes the OpenAPI schema from these.

Figures are assembled in api/figures.py as plain dicts (a figure is a group of statements, not a
row); the serializers below describe them for the schema, and schemathesis checks in the test
suite that every answer conforms.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from districts.models import FeaturedIndustry, Industry, Region
from indicators.models import Indicator, Kind, Qualifier
from sources.models import Source


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class RegionSerializer(serializers.ModelSerializer):
    aliases = serializers.ListField(child=serializers.CharField(), source="alias_list")
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    overlaps = serializers.SlugRelatedField(slug_field="slug", read_only=True, many=True)
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    class Meta:
        model = Region
        fields = [
            "slug",
            "kind",
            "code",
            "name_zh",
            "name_en",
            "short_name_zh",
            "short_name_en",
            "aliases",
            "parent",
            "overlaps",
            "order",
            "url",
            "html_url",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, obj) -> str:
        return absolute(self.context.get("request"), reverse("api:region", args=[obj.slug]))

    @extend_schema_field(serializers.URLField())
    def get_html_url(self, obj) -> str:
        return absolute(self.context.get("request"), obj.get_absolute_url())


class IndicatorSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "slug",
            "name_zh",
            "name_en",
            "unit",
            "topic",
            "nature",
            "value_type",
            "definition_zh",
            "definition_en",
            "order",
            "url",
            "html_url",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, obj) -> str:
        return absolute(self.context.get("request"), reverse("api:indicator", args=[obj.slug]))

    @extend_schema_field(serializers.URLField())
    def get_html_url(self, obj) -> str:
        return absolute(self.context.get("request"), obj.get_absolute_url())


class FeaturedSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = FeaturedIndustry
        fields = ["region", "role", "source", "quote"]


class IndustrySerializer(serializers.ModelSerializer):
    featured_in = FeaturedSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    class Meta:
        model = Industry
        fields = [
            "slug",
            "name_zh",
            "name_en",
            "description_zh",
            "description_en",
            "featured_in",
            "url",
            "html_url",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, obj) -> str:
        return absolute(self.context.get("request"), reverse("api:industry", args=[obj.slug]))

    @extend_schema_field(serializers.URLField())
    def get_html_url(self, obj) -> str:
        return absolute(self.context.get("request"), obj.get_absolute_url())


class SourceSerializer(serializers.ModelSerializer):
    translation_of = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    document_url = serializers.CharField(source="url", help_text="the document's own address")

    class Meta:
        model = Source
        fields = [
            "slug",
            "title",
            "title_en",
            "publisher",
            "publisher_en",
            "published",
            "published_precision",
            "language",
            "kind",
            "document_url",
            "translation_of",
            "url",
            "html_url",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, obj) -> str:
        return absolute(self.context.get("request"), reverse("api:source", args=[obj.slug]))

    @extend_schema_field(serializers.URLField())
    def get_html_url(self, obj) -> str:
        return absolute(self.context.get("request"), obj.get_absolute_url())


# --- Figures (schema only: api/figures.py writes the dicts) ------------------------------------


class NamedRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()


class IndicatorRefSerializer(NamedRefSerializer):
    unit = serializers.CharField()
    topic = serializers.CharField()


class RegionRefSerializer(NamedRefSerializer):
    kind = serializers.CharField()


class SourceRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    publisher = serializers.CharField()
    publisher_en = serializers.CharField()
    published = serializers.DateField()
    published_precision = serializers.CharField()
    language = serializers.CharField()
    document_url = serializers.CharField()


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    granularity = serializers.CharField()
    label_zh = serializers.CharField()
    label_en = serializers.CharField()


class StatementSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="the statement's row id (not stable across databases)")
    role = serializers.ChoiceField(
        choices=[("shown", "shown"), ("agrees", "agrees"), ("earlier", "earlier")],
        help_text="shown: the statement the site shows; agrees: another source stating the same "
        "value and qualifier; earlier: a statement differing from the shown one (revised)",
    )
    value = serializers.CharField(help_text="the number as the source states it, in the unit")
    qualifier = serializers.ChoiceField(choices=Qualifier.choices)
    kind = serializers.ChoiceField(choices=Kind.choices)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    granularity = serializers.CharField()
    display_zh = serializers.CharField()
    display_en = serializers.CharField()
    source = SourceRefSerializer()
    quote = serializers.CharField()
    note = serializers.CharField(allow_blank=True)


class CitationLinksSerializer(serializers.Serializer):
    text = serializers.CharField()
    bibtex = serializers.URLField()
    ris = serializers.URLField()
    csl_json = serializers.URLField()


class FigureSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="indicator.region.site.period_start.period_end.kind")
    url = serializers.URLField()
    indicator = IndicatorRefSerializer()
    region = RegionRefSerializer()
    site = NamedRefSerializer(allow_null=True)
    kind = serializers.ChoiceField(choices=Kind.choices)
    period = PeriodSerializer()
    revised = serializers.BooleanField(
        help_text="the statements disagree in value or qualifier; the others are 'earlier'"
    )
    shown = StatementSerializer()
    statements = StatementSerializer(many=True, help_text="every statement, the shown one first")
    citation = CitationLinksSerializer()


class FigurePageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = FigureSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="each parameter at fault, with what is wrong",
    )
    candidates = serializers.DictField(
        child=serializers.ListField(child=serializers.DictField()),
        required=False,
        help_text="for a name several regions share: those regions",
    )
