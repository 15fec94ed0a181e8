"""The read-only JSON API under /api/v1/ (Django REST framework, schema by drf-spectacular).

Every view here:

- answers GET, HEAD and OPTIONS only (anything else is a 405), with no authentication, so no
  session and no CSRF;
- speaks JSON whatever the client's Accept header says (citations speak BibTeX, RIS and CSL-JSON);
- checks its query strictly (api/params.py): an unknown, repeated or malformed parameter is a 400
  naming it;
- is rate-limited per client address (api/throttling.py);
- carries ``ETag`` and ``Last-Modified`` from the data version and answers 304 to a client
  whose copy is current (api/conditional.py);
- keeps its 200 answers in the page cache (core/caching.py: keyed on the data version, the
  address and the parsed query, plain and gzip-compressed), after throttling, the query check
  and the conditional check, so a hit is still counted against the client's rate and a bad
  query is still a 400;
- is open to every origin for reading: ``Access-Control-Allow-Origin: *`` on GET, HEAD and
  OPTIONS.
"""

import re

from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from api import params
from api.citations import FORMATS, SUFFIXES, WRITERS, Compilation, citation_text
from api.conditional import is_not_modified, validators
from api.errors import CachedAnswer, NotModified, ParameterError
from api.figures import figure_json, figure_statements, page_of_keys, shown_of, statements_of
from api.serializers import (
    ErrorSerializer,
    FigurePageSerializer,
    FigureSerializer,
    IndicatorSerializer,
    IndustrySerializer,
    RegionSerializer,
    SourceSerializer,
    absolute,
)
from core.caching import cached_response, caching_pages, data_version, keep_response, page_key
from districts.models import AmbiguousRegionName, FeaturedIndustry, Industry, Region, RegionKind
from indicators.filters import ObservationFilter
from indicators.models import Indicator, Observation, Topic
from releases.context_processors import current_release
from releases.identity import FigureKey, observation_figure_id, parse_figure_id
from releases.models import Release
from releases.services import release_document
from sources.models import Language, Source, SourceKind

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
CORS_METHODS = ("GET", "HEAD", "OPTIONS")


class AlwaysJSON(BaseContentNegotiation):
    """The API has one representation per address: never a 406 for an unusual Accept."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


# --- Shared parameters, as documented in the schema ---------------------------------------------

CURSOR = OpenApiParameter(
    "cursor", str, description="the next or previous link of a page; nothing for the first page"
)
PAGE_SIZE = OpenApiParameter(
    "page_size",
    int,
    description=f"figures or rows per page, 1–{params.MAX_PAGE_SIZE} "
    f"(default {params.DEFAULT_PAGE_SIZE})",
)
LANG = OpenApiParameter(
    "lang",
    str,
    enum=list(params.LANGUAGES),
    description="whose reader the shown statement is chosen for: on the same day, the statement "
    "in the reader's language wins (README, 'How figures are chosen'); default zh",
)
AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="YYYY-MM-DD: only statements of sources published by then (the site as known "
    "that day)",
)
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="a parameter is wrong; errors names it"),
    429: OpenApiResponse(ErrorSerializer, description="too many requests from this address"),
}
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="no such resource")}


def _page_response(name, item):
    return inline_serializer(
        name=name,
        fields={
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item(many=True),
        },
    )


class ApiView(APIView):
    """The behaviour every address of the API shares (module docstring)."""

    http_method_names = ["get", "head", "options"]
    content_negotiation_class = AlwaysJSON
    parameters: tuple[str, ...] = ()
    conditional = True

    def initial(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            raise MethodNotAllowed(request.method)  # before looking at the query
        super().initial(request, *args, **kwargs)  # throttling first: bad requests count too
        params.check_query(request, self.parameters)
        self.validators = {}
        if not self.conditional:
            return
        version = data_version()  # once: the validators and the cache key both hold it
        self.validators = validators(version)
        if request.method in ("GET", "HEAD") and is_not_modified(request, self.validators):
            raise NotModified({**self.validators, "Cache-Control": "public, no-cache"})
        self.cache_key = None
        if caching_pages(request._request):
            key = page_key(request._request, version)
            cached = cached_response(request._request, key)
            if cached is not None:
                raise CachedAnswer(cached)
            self.cache_key = key

    def dispatch(self, request, *args, **kwargs):
        # Messages of the shared forms (a region name, a date) in English, the API's language.
        with translation.override("en"):
            return super().dispatch(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in CORS_METHODS:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag, Link, Retry-After"
            if request.method == "OPTIONS":
                response["Access-Control-Allow-Methods"] = ", ".join(CORS_METHODS)
                response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
                response["Access-Control-Max-Age"] = "86400"
        if response.status_code == 200 and getattr(self, "validators", None):
            for name, value in self.validators.items():
                response[name] = value
            response["Cache-Control"] = "public, no-cache"
            if getattr(self, "cache_key", None) and isinstance(response, Response):
                keep_response(self.cache_key, response)
        return response


class SlugPaginated(ApiView):
    """A list of rows with slugs, cursor-paged in slug order."""

    serializer_class: type = serializers.Serializer
    filter_parameters: tuple[str, ...] = ()

    @property
    def parameters(self):
        return (*self.filter_parameters, *params.PAGING)

    def queryset(self):
        raise NotImplementedError

    def filtered(self, queryset):
        return queryset

    def get(self, request):
        problems = params.Problems()
        size = problems.check(params.page_size, request)
        queryset = problems.check(self.filtered, self.queryset())
        slug, backwards = problems.check(self._cursor, request) or ("", False)
        problems.raise_any()
        if slug:
            queryset = queryset.filter(**{"slug__lt" if backwards else "slug__gt": slug})
        rows = list(queryset.order_by("-slug" if backwards else "slug")[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if backwards:
            rows.reverse()
        has_next = more if not backwards else True
        has_previous = bool(slug) and (more if backwards else True)
        data = self.serializer_class(rows, many=True, context={"request": request}).data
        return Response(
            {
                "next": self._link(request, rows[-1].slug, "n") if rows and has_next else None,
                "previous": self._link(request, rows[0].slug, "p")
                if rows and has_previous
                else None,
                "results": data,
            }
        )

    def _cursor(self, request) -> tuple[str, bool]:
        cursor = request.GET.get("cursor", "")
        if not cursor:
            return "", False
        payload = params.decode_cursor(cursor)
        slug, direction = payload.get("s"), payload.get("d")
        if not (isinstance(slug, str) and SLUG.match(slug) and direction in ("n", "p")):
            params.decode_cursor("")
        return slug, direction == "p"

    def _link(self, request, slug, direction):
        query = request.GET.copy()
        query["cursor"] = params.encode_cursor({"s": slug, "d": direction})
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _slug_or_404(slug: str) -> str:
    if not SLUG.match(slug or ""):
        raise NotFound("No such resource.")
    return slug


# --- Regions ------------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        tags=["regions"],
        summary="Regions: the city, its districts and functional zones",
        operation_id="regions_list",
        parameters=[
            OpenApiParameter("kind", str, enum=list(RegionKind.values)),
            OpenApiParameter("parent", str, description="the parent region's slug"),
            OpenApiParameter(
                "name",
                str,
                description="any name, short name, alias or code (亦庄, E-Town, 110108); a name "
                "several regions share is a 400 listing them",
            ),
            CURSOR,
            PAGE_SIZE,
        ],
        responses={200: _page_response("RegionPage", RegionSerializer), **ERRORS},
    )
)
class RegionList(SlugPaginated):
    """Regions in slug order, filtered by kind, parent or any of their names."""

    serializer_class = RegionSerializer
    filter_parameters = ("kind", "parent", "name")

    def queryset(self):
        return Region.objects.select_related("parent").prefetch_related("overlaps")

    def filtered(self, queryset):
        kind = params.choice(self.request, "kind", RegionKind.values)
        if kind:
            queryset = queryset.filter(kind=kind)
        parent = self.request.GET.get("parent", "")
        if parent:
            queryset = queryset.filter(parent__slug=parent)
        name = self.request.GET.get("name", "").strip()
        if name:
            region = resolve_region(name, "name")
            queryset = queryset.filter(pk=region.pk if region else None)
        return queryset


def resolve_region(text: str, parameter: str):
    """The region ``text`` names, or None; a name several regions share is a 400 listing them."""
    try:
        return Region.objects.named(text)
    except AmbiguousRegionName as exc:
        raise ParameterError(
            {parameter: [f"“{text}” names {len(exc.regions)} regions: give one's slug."]},
            candidates={parameter: [_candidate(r) for r in exc.regions]},
        ) from exc


def _candidate(region) -> dict:
    return {
        "slug": region.slug,
        "name_zh": region.name_zh,
        "name_en": region.name_en,
        "parent": region.parent.slug if region.parent_id else None,
    }


@extend_schema_view(
    get=extend_schema(
        tags=["regions"],
        summary="One region",
        operation_id="regions_retrieve",
        responses={200: RegionSerializer, **ERRORS, **NOT_FOUND},
    )
)
class RegionDetail(ApiView):
    """One region by its slug."""

    def get(self, request, slug):
        region = (
            Region.objects.select_related("parent")
            .prefetch_related("overlaps")
            .filter(slug=_slug_or_404(slug))
            .first()
        )
        if region is None:
            raise NotFound("No region with this slug.")
        return Response(RegionSerializer(region, context={"request": request}).data)


# --- Indicators ---------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        tags=["indicators"],
        summary="Indicators",
        operation_id="indicators_list",
        parameters=[OpenApiParameter("topic", str, enum=list(Topic.values)), CURSOR, PAGE_SIZE],
        responses={200: _page_response("IndicatorPage", IndicatorSerializer), **ERRORS},
    )
)
class IndicatorList(SlugPaginated):
    """Indicators in slug order, filtered by topic."""

    serializer_class = IndicatorSerializer
    filter_parameters = ("topic",)

    def queryset(self):
        return Indicator.objects.all()

    def filtered(self, queryset):
        topic = params.choice(self.request, "topic", Topic.values)
        return queryset.filter(topic=topic) if topic else queryset


@extend_schema_view(
    get=extend_schema(
        tags=["indicators"],
        summary="One indicator",
        operation_id="indicators_retrieve",
        responses={200: IndicatorSerializer, **ERRORS, **NOT_FOUND},
    )
)
class IndicatorDetail(ApiView):
    """One indicator by its slug."""

    def get(self, request, slug):
        indicator = Indicator.objects.filter(slug=_slug_or_404(slug)).first()
        if indicator is None:
            raise NotFound("No indicator with this slug.")
        return Response(IndicatorSerializer(indicator, context={"request": request}).data)


# --- Industries ---------------------------------------------------------------------------------


def _industries():
    featured = FeaturedIndustry.objects.select_related("region", "source").order_by(
        "region__order", "region__slug", "role", "source__slug"
    )
    return Industry.objects.prefetch_related(Prefetch("featured_in", queryset=featured))


@extend_schema_view(
    get=extend_schema(
        tags=["industries"],
        summary="Industries, with the regions featuring each and in which role",
        operation_id="industries_list",
        parameters=[CURSOR, PAGE_SIZE],
        responses={200: _page_response("IndustryPage", IndustrySerializer), **ERRORS},
    )
)
class IndustryList(SlugPaginated):
    """Industries in slug order, each with the regions that feature it, in which role, with source and quote."""

    serializer_class = IndustrySerializer

    def queryset(self):
        return _industries()


@extend_schema_view(
    get=extend_schema(
        tags=["industries"],
        summary="One industry",
        operation_id="industries_retrieve",
        responses={200: IndustrySerializer, **ERRORS, **NOT_FOUND},
    )
)
class IndustryDetail(ApiView):
    """One industry by its slug."""

    def get(self, request, slug):
        industry = _industries().filter(slug=_slug_or_404(slug)).first()
        if industry is None:
            raise NotFound("No industry with this slug.")
        return Response(IndustrySerializer(industry, context={"request": request}).data)


# --- Sources ------------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        tags=["sources"],
        summary="Source documents: every statement cites one",
        operation_id="sources_list",
        parameters=[
            OpenApiParameter("language", str, enum=list(Language.values)),
            OpenApiParameter("kind", str, enum=list(SourceKind.values)),
            CURSOR,
            PAGE_SIZE,
        ],
        responses={200: _page_response("SourcePage", SourceSerializer), **ERRORS},
    )
)
class SourceList(SlugPaginated):
    """Source documents in slug order, filtered by language or kind."""

    serializer_class = SourceSerializer
    filter_parameters = ("language", "kind")

    def queryset(self):
        return Source.objects.select_related("translation_of")

    def filtered(self, queryset):
        language = params.choice(self.request, "language", Language.values)
        kind = params.choice(self.request, "kind", SourceKind.values)
        if language:
            queryset = queryset.filter(language=language)
        if kind:
            queryset = queryset.filter(kind=kind)
        return queryset


@extend_schema_view(
    get=extend_schema(
        tags=["sources"],
        summary="One source document",
        operation_id="sources_retrieve",
        responses={200: SourceSerializer, **ERRORS, **NOT_FOUND},
    )
)
class SourceDetail(ApiView):
    """One source document by its slug."""

    def get(self, request, slug):
        source = (
            Source.objects.select_related("translation_of").filter(slug=_slug_or_404(slug)).first()
        )
        if source is None:
            raise NotFound("No source with this slug.")
        return Response(SourceSerializer(source, context={"request": request}).data)


# --- Figures ------------------------------------------------------------------------------------

FIGURE_FILTERS = tuple(ObservationFilter.base_filters)


def _release(request):
    """The latest release, read once per request."""
    if not hasattr(request, "_latest_release"):
        request._latest_release = current_release()
    return request._latest_release


def _compilation(request, title: str, path: str, quote: str = "") -> Compilation:
    release = _release(request)
    return Compilation(
        title=title,
        url=absolute(request, path),
        release=release.number if release else None,
        edited_since=bool(release and release.edited_since),
        release_url=absolute(request, release.url) if release else "",
        quote=quote,
    )


def _figure_title(shown) -> str:
    where = shown.region.name_en or shown.region.name_zh
    if shown.site_id:
        where += f" · {shown.site.name_en or shown.site.name_zh}"
    return (
        f"{shown.indicator.name_en or shown.indicator.name_zh}, {where}, "
        f"{shown.period_start.isoformat()}–{shown.period_end.isoformat()} ({shown.kind})"
    )


def _figure_payload(request, shown):
    path = reverse("api:figure", args=[observation_figure_id(shown)])
    compilation = _compilation(request, _figure_title(shown), path)
    return figure_json(shown, request, citation_text(shown.source, compilation))


@extend_schema_view(
    get=extend_schema(
        tags=["figures"],
        summary="Figures, each with every statement of it and the one the site shows",
        operation_id="figures_list",
        description=(
            "A figure is (indicator, region, site, period, kind). The filters are /data/'s: they "
            "select statements, and a figure is listed when any of its statements is selected; it "
            "then comes with every statement (as known on as_of). region takes any name, alias or "
            "code; a name several regions share is a 400 listing them. Ordered by the figures' ids "
            "(indicator, region, site, period start, period end, kind); paged by cursor."
        ),
        parameters=[
            OpenApiParameter(
                "region", str, description="slug, code, name or alias (海淀, haidian)"
            ),
            OpenApiParameter("indicator", str, description="an indicator's slug"),
            OpenApiParameter("topic", str, enum=list(Topic.values)),
            OpenApiParameter(
                "year", int, description="figures whose period touches the year (1900–2100)"
            ),
            OpenApiParameter("kind", str, enum=["actual", "target", "expected"]),
            OpenApiParameter(
                "qualifier", str, enum=["exact", "more_than", "at_least", "about", "less_than"]
            ),
            OpenApiParameter("source", str, description="a source's slug"),
            AS_OF,
            LANG,
            CURSOR,
            PAGE_SIZE,
        ],
        responses={200: FigurePageSerializer, **ERRORS},
    )
)
class FigureList(ApiView):
    """Figures selected by /data/'s filters, each with every statement of it."""

    parameters = (*FIGURE_FILTERS, "lang", *params.PAGING)

    def get(self, request):
        problems = params.Problems()
        lang = problems.check(params.language, request)
        size = problems.check(params.page_size, request)
        after, before = problems.check(self._cursor, request) or (None, None)
        filters = {k: v for k, v in request.GET.items() if k in FIGURE_FILTERS}
        filterset = ObservationFilter(filters, queryset=Observation.objects.all())
        if not filterset.is_valid():
            problems.check(self._invalid, filterset, filters)
        problems.raise_any()
        keys, has_next, has_previous = page_of_keys(filterset.qs, size, after, before)
        as_of = filterset.form.cleaned_data.get("as_of")
        grouped = statements_of(keys, as_of)
        results = []
        for key in keys:
            statements = grouped.get(key)
            if statements:
                results.append(_figure_payload(request, shown_of(statements, lang)))
        return Response(
            {
                "next": self._link(request, keys[-1], "n") if keys and has_next else None,
                "previous": self._link(request, keys[0], "p") if keys and has_previous else None,
                "results": results,
            }
        )

    def _cursor(self, request) -> tuple[FigureKey | None, FigureKey | None]:
        cursor = request.GET.get("cursor", "")
        if not cursor:
            return None, None
        payload = params.decode_cursor(cursor)
        key = parse_figure_id(payload.get("f")) if isinstance(payload.get("f"), str) else None
        if key is None or payload.get("d") not in ("n", "p"):
            params.decode_cursor("")
        return (key, None) if payload["d"] == "n" else (None, key)

    def _invalid(self, filterset, filters):
        errors = {name: list(messages) for name, messages in filterset.errors.items()}
        candidates = {}
        if "region" in errors:
            try:
                Region.objects.named(filters.get("region", ""))
            except AmbiguousRegionName as exc:
                candidates["region"] = [_candidate(r) for r in exc.regions]
        raise ParameterError(errors, candidates)

    def _link(self, request, key: FigureKey, direction: str) -> str:
        query = request.GET.copy()
        query["cursor"] = params.encode_cursor({"f": key.id, "d": direction})
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _figure_or_404(figure_id: str, as_of=None) -> list[Observation]:
    key = parse_figure_id(figure_id)
    statements = figure_statements(key, as_of) if key else []
    if not statements:
        raise NotFound("No figure with this id (or no statement of it by as_of).")
    return statements


def _as_of(request):
    filterset = ObservationFilter(
        {"as_of": request.GET.get("as_of", "")}, queryset=Observation.objects.none()
    )
    if not filterset.is_valid():
        raise ParameterError({"as_of": list(filterset.errors.get("as_of", []))})
    return filterset.form.cleaned_data.get("as_of")


@extend_schema_view(
    get=extend_schema(
        tags=["figures"],
        summary="One figure, with every statement of it",
        operation_id="figures_retrieve",
        parameters=[AS_OF, LANG],
        responses={200: FigureSerializer, **ERRORS, **NOT_FOUND},
    )
)
class FigureDetail(ApiView):
    """One figure by its id, with every statement of it (as known on as_of)."""

    parameters = ("as_of", "lang")

    def get(self, request, figure_id):
        lang = params.language(request)
        statements = _figure_or_404(figure_id, _as_of(request))
        return Response(_figure_payload(request, shown_of(statements, lang)))


# --- Citations ----------------------------------------------------------------------------------

CITATION_TYPES = {name: media for name, (_suffix, media) in FORMATS.items()}
_CSL_ITEM = {"type": "array", "items": {"type": "object"}}
CITATION_RESPONSES = {
    (200, "application/x-bibtex"): OpenApiResponse(OpenApiTypes.STR, description="BibTeX"),
    (200, "application/x-research-info-systems"): OpenApiResponse(
        OpenApiTypes.STR, description="RIS"
    ),
    (200, "application/vnd.citationstyles.csl+json"): OpenApiResponse(
        _CSL_ITEM, description="CSL-JSON"
    ),
}


def _citation_response(fmt: str, sources, compilation: Compilation, filename: str):
    body = WRITERS[fmt](sources, compilation)
    response = HttpResponse(body.encode("utf-8"), content_type=CITATION_TYPES[fmt])
    suffix = FORMATS[fmt][0]
    response["Content-Disposition"] = f'inline; filename="{filename}.{suffix}"'
    return response


@extend_schema_view(
    get=extend_schema(
        tags=["citations"],
        summary="Cite one figure: its shown statement's source, then bjdigital's release",
        operation_id="figures_cite",
        parameters=[
            OpenApiParameter("suffix", str, OpenApiParameter.PATH, enum=list(SUFFIXES)),
            AS_OF,
            LANG,
        ],
        responses={
            **CITATION_RESPONSES,
            **{k: v for k, v in ERRORS.items() if k != 400},
            **NOT_FOUND,
            400: OpenApiResponse(ErrorSerializer),
        },
    )
)
class FigureCitation(ApiView):
    """BibTeX (cite.bib), RIS (cite.ris) or CSL-JSON (cite.json) for one figure."""

    parameters = ("as_of", "lang")

    def get(self, request, figure_id, suffix):
        if suffix not in SUFFIXES:
            raise NotFound("Citations come as cite.bib, cite.ris or cite.json.")
        lang = params.language(request)
        shown = shown_of(_figure_or_404(figure_id, _as_of(request)), lang)
        compilation = _compilation(
            request,
            _figure_title(shown),
            reverse("api:figure", args=[observation_figure_id(shown)]),
            shown.quote,
        )
        return _citation_response(
            SUFFIXES[suffix], [shown.source], compilation, observation_figure_id(shown)
        )


def _page_sources(match, query) -> tuple[str, list[Source]]:
    """The title of a page of the site and the sources it cites."""
    name, kwargs = match.view_name, match.kwargs
    sources = Source.objects.order_by("-published", "slug")
    if name == "pages:region":
        region = Region.objects.filter(slug=kwargs.get("slug")).first()
        if region is None:
            return "", []
        cited = sources.filter(observations__region=region).distinct()
        return f"Region profile: {region.name_en or region.name_zh} ({region.name_zh})", list(cited)
    if name == "indicators:detail":
        indicator = Indicator.objects.filter(slug=kwargs.get("slug")).first()
        if indicator is None:
            return "", []
        cited = sources.filter(observations__indicator=indicator).distinct()
        return f"Indicator: {indicator.name_en or indicator.name_zh}", list(cited)
    if name == "pages:source":
        source = sources.filter(slug=kwargs.get("slug")).first()
        return ("Source: " + source.title, [source]) if source else ("", [])
    if name == "releases:detail":
        release = Release.objects.filter(number=kwargs.get("number")).first()
        if release is None:
            return "", []
        slugs = [row["slug"] for row in release_document(release)["sources"]]
        return f"Data release {release.number}", list(sources.filter(slug__in=slugs))
    return "bjdigital: " + match.route, list(sources)


@extend_schema_view(
    get=extend_schema(
        tags=["citations"],
        summary="Cite a page of the site: the sources it cites, then bjdigital's release",
        operation_id="cite_page",
        parameters=[
            OpenApiParameter(
                "url",
                str,
                required=True,
                description="the page's address on this site: /districts/haidian/ or a full URL",
            ),
            OpenApiParameter("format", str, required=True, enum=list(FORMATS)),
        ],
        responses={**CITATION_RESPONSES, **ERRORS, **NOT_FOUND},
    )
)
class PageCitation(ApiView):
    """BibTeX, RIS or CSL-JSON for a page of the site, e.g. url=/districts/haidian/."""

    parameters = ("url", "format")

    def get(self, request):
        fmt = request.GET.get("format", "")
        address = request.GET.get("url", "").strip()
        errors = {}
        if fmt not in FORMATS:
            errors["format"] = ["One of: " + ", ".join(FORMATS) + "."]
        path = _same_site_path(request, address)
        if path is None:
            errors["url"] = ["The address of a page of this site, such as /districts/haidian/."]
        if errors:
            raise ParameterError(errors)
        language = "en" if path.startswith("/en/") or path == "/en" else "zh-hans"
        with translation.override(language):
            try:
                match = resolve(path)
            except Resolver404:
                match = None
        if match is None or match.namespace not in ("pages", "indicators", "districts", "releases"):
            raise NotFound("No page of this site has this address.")
        title, sources = _page_sources(match, request)
        if not title:
            raise NotFound("The page names nothing that exists.")
        compilation = _compilation(request, title, path)
        filename = "bjdigital-" + (re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home")
        return _citation_response(fmt, sources, compilation, filename)


def _same_site_path(request, address: str) -> str | None:
    if not address:
        return None
    host = request.get_host()
    for prefix in (f"https://{host}", f"http://{host}"):
        if address.startswith(prefix):
            address = address[len(prefix) :] or "/"
            break
    if not address.startswith("/") or address.startswith("//"):
        return None
    return address.split("?", 1)[0].split("#", 1)[0]


# --- Anything else under /api/v1/ ---------------------------------------------------------------


class NotFoundView(ApiView):
    """Unknown addresses under /api/v1/ answer a JSON 404 (with CORS), not the HTML page."""

    conditional = False
    schema = None

    def initial(self, request, *args, **kwargs):
        raise NotFound("No such address in this API; see /api/v1/docs/.")

    def get(self, request, *args, **kwargs):  # pragma: no cover - initial() always raises
        raise NotFound()
