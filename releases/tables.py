"""The tables a release holds, their Table Schema, and how they are read from the live data.

One description per table drives every file of a release: the CSV files, the XLSX sheets, the
JSON document's arrays and ``datapackage.json`` (Frictionless Data, Table Schema), so the files
cannot drift apart. Rows are sorted by their natural keys, so two releases of the same data hold
the same rows in the same order.
"""

from dataclasses import dataclass, field

from districts.models import Region, Site
from indicators.formatting import plain_number
from indicators.models import Indicator, Observation
from indicators.selectors import representatives
from releases.identity import observation_figure_id
from sources.models import Source


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"  # Table Schema: string, integer, number, boolean, date
    description: str = ""
    required: bool = False
    enum: tuple[str, ...] = ()

    def descriptor(self) -> dict:
        out = {"name": self.name, "type": self.type}
        if self.description:
            out["description"] = self.description
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    # (column, other table or "" for itself, its column)
    foreign_keys: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def schema(self, resource_names: dict[str, str]) -> dict:
        """The Table Schema, foreign keys pointing at ``resource_names[table]``."""
        schema = {
            "fields": [c.descriptor() for c in self.columns],
            "primaryKey": list(self.primary_key),
            "missingValues": [""],
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": [column],
                    "reference": {
                        "resource": "" if other == "" else resource_names[other],
                        "fields": [other_column],
                    },
                }
                for column, other, other_column in self.foreign_keys
            ]
        return schema


def _choices(model, name) -> tuple[str, ...]:
    return tuple(str(value) for value, _label in model._meta.get_field(name).choices)


SOURCES = Table(
    "sources",
    "Source documents",
    (
        Column("slug", required=True),
        Column("title", required=True),
        Column("title_en"),
        Column("publisher", required=True),
        Column("publisher_en"),
        Column("published", "date", "publication date (its precision in published_precision)"),
        Column("published_precision", enum=_choices(Source, "published_precision")),
        Column("language", enum=_choices(Source, "language")),
        Column("kind", enum=_choices(Source, "kind")),
        Column("url"),
        Column("translation_of", description="slug of the original, for a translation"),
    ),
    ("slug",),
    (("translation_of", "", "slug"),),
)

REGIONS = Table(
    "regions",
    "Regions: the city, its districts and functional zones",
    (
        Column("slug", required=True),
        Column("kind", enum=_choices(Region, "kind"), required=True),
        Column("code", description="GB/T 2260 code (districts only)"),
        Column("name_zh", required=True),
        Column("name_en"),
        Column("short_name_zh"),
        Column("short_name_en"),
        Column("aliases", description="other names, separated by ' | '"),
        Column("parent", description="slug of the parent region"),
        Column("overlaps", description="slugs of the districts a zone overlaps, space-separated"),
        Column("order", "integer"),
    ),
    ("slug",),
    (("parent", "", "slug"),),
)

INDICATORS = Table(
    "indicators",
    "Indicators",
    (
        Column("slug", required=True),
        Column("name_zh", required=True),
        Column("name_en"),
        Column("unit", enum=_choices(Indicator, "unit"), required=True),
        Column("topic", enum=_choices(Indicator, "topic")),
        Column("nature", enum=_choices(Indicator, "nature")),
        Column("value_type", enum=_choices(Indicator, "value_type")),
        Column("definition_zh"),
        Column("definition_en"),
        Column("order", "integer"),
    ),
    ("slug",),
)

SITES = Table(
    "sites",
    "Named parks, projects and facilities",
    (
        Column("slug", required=True),
        Column("name_zh", required=True),
        Column("name_en"),
        Column("region", required=True),
        Column("kind", enum=_choices(Site, "kind")),
        Column("placement", enum=_choices(Site, "placement")),
        Column("source", required=True),
        Column("quote"),
        Column("note"),
    ),
    ("slug",),
    (("region", "regions", "slug"), ("source", "sources", "slug")),
)

STATEMENTS = Table(
    "statements",
    "Every statement of every figure, with its source and verbatim quote",
    (
        Column("figure_id", required=True, description="indicator.region.site.start.end.kind"),
        Column("indicator", required=True),
        Column("region", required=True),
        Column("site"),
        Column("period_start", "date", required=True),
        Column("period_end", "date", required=True),
        Column("granularity", enum=_choices(Observation, "granularity")),
        Column("kind", enum=_choices(Observation, "kind"), required=True),
        Column("value", "number", "the number as the source states it, in unit", required=True),
        Column("unit", enum=_choices(Indicator, "unit")),
        Column("qualifier", enum=_choices(Observation, "qualifier"), required=True),
        Column("source", required=True),
        Column("quote", required=True),
        Column("note"),
        Column("shown_zh", "boolean", "the statement the Chinese pages show for the figure"),
        Column("shown_en", "boolean", "the statement the English pages show for the figure"),
        Column("revised", "boolean", "the figure's statements disagree in value or qualifier"),
    ),
    ("figure_id", "source"),
    (
        ("indicator", "indicators", "slug"),
        ("region", "regions", "slug"),
        ("site", "sites", "slug"),
        ("source", "sources", "slug"),
    ),
)

TABLES = (SOURCES, REGIONS, INDICATORS, SITES, STATEMENTS)


def _slug(obj) -> str:
    return obj.slug if obj is not None else ""


def source_rows() -> list[dict]:
    return [
        {
            "slug": s.slug,
            "title": s.title,
            "title_en": s.title_en,
            "publisher": s.publisher,
            "publisher_en": s.publisher_en,
            "published": s.published.isoformat(),
            "published_precision": s.published_precision,
            "language": s.language,
            "kind": s.kind,
            "url": s.url,
            "translation_of": _slug(s.translation_of),
        }
        for s in Source.objects.select_related("translation_of").order_by("slug")
    ]


def region_rows() -> list[dict]:
    regions = Region.objects.select_related("parent").prefetch_related("overlaps")
    return [
        {
            "slug": r.slug,
            "kind": r.kind,
            "code": r.code,
            "name_zh": r.name_zh,
            "name_en": r.name_en,
            "short_name_zh": r.short_name_zh,
            "short_name_en": r.short_name_en,
            "aliases": " | ".join(r.alias_list),
            "parent": _slug(r.parent),
            "overlaps": " ".join(sorted(o.slug for o in r.overlaps.all())),
            "order": r.order,
        }
        for r in regions.order_by("slug")
    ]


def indicator_rows() -> list[dict]:
    return [
        {
            "slug": i.slug,
            "name_zh": i.name_zh,
            "name_en": i.name_en,
            "unit": i.unit,
            "topic": i.topic,
            "nature": i.nature,
            "value_type": i.value_type,
            "definition_zh": i.definition_zh,
            "definition_en": i.definition_en,
            "order": i.order,
        }
        for i in Indicator.objects.order_by("slug")
    ]


def site_rows() -> list[dict]:
    return [
        {
            "slug": s.slug,
            "name_zh": s.name_zh,
            "name_en": s.name_en,
            "region": s.region.slug,
            "kind": s.kind,
            "placement": s.placement,
            "source": s.source.slug,
            "quote": s.quote,
            "note": s.note,
        }
        for s in Site.objects.select_related("region", "source").order_by("slug")
    ]


def statement_rows() -> list[dict]:
    statements = list(Observation.objects.with_related())
    shown = {lang: {obs.pk for obs in representatives(statements, lang)} for lang in ("zh", "en")}
    versions: dict[str, set] = {}
    for obs in statements:
        versions.setdefault(observation_figure_id(obs), set()).add((obs.value, obs.qualifier))
    rows = []
    for obs in statements:
        fid = observation_figure_id(obs)
        rows.append(
            {
                "figure_id": fid,
                "indicator": obs.indicator.slug,
                "region": obs.region.slug,
                "site": _slug(obs.site),
                "period_start": obs.period_start.isoformat(),
                "period_end": obs.period_end.isoformat(),
                "granularity": obs.granularity,
                "kind": obs.kind,
                "value": plain_number(obs.value),
                "unit": obs.indicator.unit,
                "qualifier": obs.qualifier,
                "source": obs.source.slug,
                "quote": obs.quote,
                "note": obs.note,
                "shown_zh": obs.pk in shown["zh"],
                "shown_en": obs.pk in shown["en"],
                "revised": len(versions[fid]) > 1,
            }
        )
    rows.sort(key=lambda r: (r["figure_id"], r["source"]))
    return rows


READERS = {
    "sources": source_rows,
    "regions": region_rows,
    "indicators": indicator_rows,
    "sites": site_rows,
    "statements": statement_rows,
}


def snapshot() -> dict[str, list[dict]]:
    """Every table's rows, read from the live data now (call inside one transaction)."""
    return {table.name: READERS[table.name]() for table in TABLES}
