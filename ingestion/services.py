"""Ingesting a report: store its text, propose candidates, compare them with the data, publish.

- ``ingest()`` stores a source's text (a Document) and the extractor's candidates, in one
  transaction; nothing of the site's data changes.
- ``compare()`` says, for each candidate, whether the data already holds that figure with that
  value (*same*), holds it with another value or qualifier (*differs*: publishing it makes a
  revision, shown beside the current statement) or not at all (*new*).
- ``confirm()`` publishes candidates through the one write path for figures,
  indicators.services.save_figure (every rule, the warnings that need confirming, history with
  the reason "ingested from <source>"), all in one transaction: if any candidate fails, nothing
  is saved and each candidate keeps its problems for the editor to see.
"""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from districts.models import Region, Site
from indicators.models import Indicator, Observation
from indicators.services import WarningsNotConfirmed, save_figure
from ingestion.extraction.engine import EXTRACTOR_VERSION, DocumentContext, Proposal, extract
from ingestion.extraction.vocabulary import Vocabulary
from ingestion.models import Candidate, CandidateStatus, Document
from ingestion.readers import ReadDocument
from sources.models import Source

NEW, SAME, DIFFERS = "new", "same", "differs"


def document_context(source: Source) -> DocumentContext:
    return DocumentContext(published=source.published, language=source.language, title=source.title)


def propose(text: str, source: Source, vocabulary: Vocabulary | None = None) -> list[Proposal]:
    return extract(text, document_context(source), vocabulary or Vocabulary.from_database())


@transaction.atomic
def ingest(source: Source, read: ReadDocument, *, file_name: str = "", user=None) -> Document:
    """Store the source's text and its candidate figures (nothing of the data changes)."""
    document = Document.objects.create(
        source=source,
        text=read.text,
        file_name=file_name[:255],
        file_type=read.file_type,
        encoding=read.encoding,
        sha256=read.sha256,
        size=read.size,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        extractor_version=EXTRACTOR_VERSION,
    )
    store_candidates(document, propose(read.text, source))
    return document


def store_candidates(document: Document, proposals: list[Proposal]) -> list[Candidate]:
    regions = dict(Region.objects.values_list("slug", "pk"))
    sites = dict(Site.objects.values_list("slug", "pk"))
    indicators = dict(Indicator.objects.values_list("slug", "pk"))
    candidates = [
        Candidate(
            document=document,
            position=position,
            start=p.start,
            end=p.end,
            number_start=p.number_start,
            number_end=p.number_end,
            number_text=p.number_text[:100],
            value=p.value,
            unit=p.unit or "",
            qualifier=p.qualifier,
            kind=p.kind,
            period_start=p.period_start,
            period_end=p.period_end,
            granularity=p.granularity,
            region_id=regions.get(p.region or ""),
            site_id=sites.get(p.site or ""),
            indicator_id=indicators.get(p.indicator or ""),
            new_indicator_name=p.new_indicator_name[:200],
            indicator_score=p.indicator_score,
            quote=p.quote,
        )
        for position, p in enumerate(proposals)
    ]
    return Candidate.objects.bulk_create(candidates)


# --- Comparing with the data ----------------------------------------------------------------


@dataclass
class Comparison:
    status: str  # NEW, SAME or DIFFERS
    current: Observation | None = None  # the statement the page shows now (latest source)
    matching: list[Observation] = field(default_factory=list)


def compare(candidates: list[Candidate]) -> dict[int, Comparison]:
    """For each candidate (by pk): new, already in the data, or differing from it. One query."""
    wanted = [c for c in candidates if c.indicator_id and c.region_id]
    found: dict[tuple, list[Observation]] = defaultdict(list)
    if wanted:
        rows = Observation.objects.filter(
            indicator_id__in={c.indicator_id for c in wanted},
            region_id__in={c.region_id for c in wanted},
        ).select_related("source", "indicator")
        for obs in rows:
            found[_identity(obs)].append(obs)
    result = {}
    for c in candidates:
        statements = found.get(_identity(c), []) if c in wanted else []
        if not statements:
            result[c.pk] = Comparison(NEW)
            continue
        statements.sort(key=lambda o: (o.source.published, o.source.slug), reverse=True)
        same = [o for o in statements if o.value == c.value and o.qualifier == c.qualifier]
        current = statements[0]
        result[c.pk] = Comparison(SAME if same else DIFFERS, current, same)
    return result


def _identity(row) -> tuple:
    return (
        row.indicator_id,
        row.region_id,
        row.site_id,
        row.period_start,
        row.period_end,
        row.kind,
    )


# --- Publishing -----------------------------------------------------------------------------


@dataclass
class ConfirmResult:
    saved: list[Candidate]
    problems: dict[int, list[str]]  # candidate pk → messages; empty when everything was saved

    @property
    def ok(self) -> bool:
        return not self.problems


class _Abort(Exception):
    pass


def reason_for(document: Document) -> str:
    return f"ingested from {document.source.slug}"[:100]


def observation_for(candidate: Candidate) -> Observation:
    """The figure this candidate would write: the existing one of the same identity from the
    same source (a correction of it), or a new one."""
    source = candidate.document.source
    existing = None
    if candidate.indicator_id and candidate.region_id:
        existing = Observation.objects.filter(
            indicator_id=candidate.indicator_id,
            region_id=candidate.region_id,
            site_id=candidate.site_id,
            period_start=candidate.period_start,
            period_end=candidate.period_end,
            kind=candidate.kind,
            source=source,
        ).first()
    obs = existing or Observation(source=source)
    obs.indicator_id = candidate.indicator_id
    obs.region_id = candidate.region_id
    obs.site_id = candidate.site_id
    obs.value = candidate.value
    obs.qualifier = candidate.qualifier
    obs.kind = candidate.kind
    obs.period_start = candidate.period_start
    obs.period_end = candidate.period_end
    obs.granularity = candidate.granularity
    obs.quote = candidate.quote
    return obs


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        labels = {f.name: f.verbose_name for f in Observation._meta.fields} | {"unit": _("单位")}
        messages = []
        for name, errors in error.message_dict.items():
            prefix = "" if name == NON_FIELD_ERRORS else f"{labels.get(name, name)}: "
            messages += [prefix + str(m) for m in errors]
        return messages
    return [str(m) for m in error.messages]


def confirm(candidates: list[Candidate], *, user=None) -> ConfirmResult:
    """Publish these candidates, all or none, through the one write path for figures."""
    problems: dict[int, list[str]] = {}
    saved: list[tuple[Candidate, Observation]] = []
    candidates = [c for c in candidates if c.status == CandidateStatus.PENDING]
    try:
        with transaction.atomic():
            for candidate in candidates:
                if candidate.indicator_id is None:
                    problems[candidate.pk] = [
                        _("请选择指标（没有合适的指标时，先新建指标“%(name)s”）。")
                        % {"name": candidate.new_indicator_name or "…"}
                    ]
                    continue
                obs = observation_for(candidate)
                try:
                    save_figure(
                        obs,
                        unit=candidate.unit,
                        confirmed=candidate.confirm_warnings,
                        reason=reason_for(candidate.document),
                        user=user,
                    )
                except WarningsNotConfirmed as warning:
                    problems[candidate.pk] = [
                        _("需要确认：%(warning)s") % {"warning": w} for w in warning.warnings
                    ]
                except ValidationError as error:
                    problems[candidate.pk] = _messages(error)
                except IntegrityError:
                    problems[candidate.pk] = [
                        _(
                            "与已有数字或本次发布的另一个候选重复（同一指标、区域、时期、性质和来源）。"
                        )
                    ]
                else:
                    saved.append((candidate, obs))
            if problems:
                raise _Abort
            now = timezone.now()
            for candidate, obs in saved:
                candidate.status = CandidateStatus.CONFIRMED
                candidate.observation = obs
                candidate.problems = []
                candidate.reviewed_by = user if getattr(user, "is_authenticated", False) else None
                candidate.reviewed = now
                candidate.version += 1
                candidate.save(
                    update_fields=[
                        "status",
                        "observation",
                        "problems",
                        "reviewed_by",
                        "reviewed",
                        "version",
                    ]
                )
    except _Abort:
        for candidate in candidates:
            messages = problems.get(candidate.pk, [])
            Candidate.objects.filter(pk=candidate.pk).update(problems=messages)
            candidate.problems = messages
        return ConfirmResult([], problems)
    return ConfirmResult([c for c, _obs in saved], {})


def reject(candidates: list[Candidate], *, user=None) -> int:
    pending = [c.pk for c in candidates if c.status == CandidateStatus.PENDING]
    return Candidate.objects.filter(pk__in=pending).update(
        status=CandidateStatus.REJECTED,
        reviewed_by=user if getattr(user, "is_authenticated", False) else None,
        reviewed=timezone.now(),
        problems=[],
    )


def reopen(candidates: list[Candidate]) -> int:
    """A rejected candidate back to pending (a confirmed one is a figure now: edit that)."""
    rejected = [c.pk for c in candidates if c.status == CandidateStatus.REJECTED]
    return Candidate.objects.filter(pk__in=rejected).update(status=CandidateStatus.PENDING)


def counts(document: Document) -> dict[str, int]:
    result = dict.fromkeys(CandidateStatus.values, 0)
    for status in document.candidates.values_list("status", flat=True):
        result[status] += 1
    return result


def guess_date(text: str) -> dt.date | None:
    """A date written near the top of a text (2025-07-07, 2025年7月2日), for the command line."""
    head = text[:400]
    match = re.search(r"((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})", head) or re.search(
        r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", head
    )
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
