"""IDOR scan: 岐阜中署's users request ids around 大垣署's objects on every URL that takes one.

Every URL with an object id is read from the resolver (tests/security/endpoints.py) and
classified below; an id URL nobody classified fails `test_every_id_url_is_scanned`. For
each one, five objects of 大垣署 are made in a row and the ids of the middle one ±2, plus
an id that does not exist, are requested with every method the view answers (GET, POST):

* where the visitor's role may use the URL (their own station's object answers something
  other than 403/404: the positive control), every 大垣 id is a 404, exactly as the id
  that does not exist, so a guess tells nothing;
* where the role may not use the URL (403 on their own object), every id is 403 alike;
* no response carries 大垣's canary, and no 大垣 row changes (POSTs included).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse

from activities.models import Activity
from gifu_taisaku.core.attachments import attachment_add
from gifu_taisaku.core.models import (
    Attachment,
    ImportBatch,
    ImportBatchStatus,
    Notification,
    WorkflowStatus,
)
from intel.models import Entity, IntelReport, IntelUnitGrant, IntelUserGrant
from liaison.models import Contact, FollowUp, LiaisonRecord
from tests.activities.factories import ActivityFactory
from tests.core.files import image_bytes, upload
from tests.factories import member
from tests.intel.factories import IntelReportFactory, mention
from tests.intel.helpers import grant_user
from tests.liaison.factories import ContactFactory, FollowUpFactory, LiaisonRecordFactory
from tests.security.endpoints import Endpoint, endpoints
from tests.training.factories import InitiativePostFactory, TrainingSessionFactory
from training.models import InitiativePost, TrainingSession

CANARY = "OGAKI-IDOR-CANARY"
DRAFT, SUBMITTED, APPROVED, RETURNED = (
    WorkflowStatus.DRAFT,
    WorkflowStatus.SUBMITTED,
    WorkflowStatus.APPROVED,
    WorkflowStatus.RETURNED,
)
# 大垣's five records go through every workflow state. Approved initiative posts are
# published to every unit by design (training.models.InitiativeQuerySet), so not those.
STATUSES = (DRAFT, SUBMITTED, APPROVED, RETURNED, DRAFT)
INITIATIVE_STATUSES = (DRAFT, SUBMITTED, RETURNED, DRAFT, SUBMITTED)


def _record(factory, text_field: str, statuses=STATUSES, **extra):
    def make(unit, author, i: int, label: str):
        fields = {text_field: f"{label}-{i}", **{k: f(author) for k, f in extra.items()}}
        return factory(owning_unit=unit, created_by=author, status=statuses[i], **fields)

    return make


def _contact(unit, author, i, label):
    return ContactFactory(owning_unit=unit, created_by=author, name=f"{label}-{i}")


def _entity(unit, author, i, label):
    report = IntelReportFactory(owning_unit=unit, created_by=author, title=f"{label}-{i}")
    return mention(report, role=f"{label}-{i}").entity


def _follow_up(unit, author, i, label):
    record = LiaisonRecordFactory(owning_unit=unit, created_by=author, title=f"{label}-{i}")
    return FollowUpFactory(record=record, description=f"{label}-{i}")


def _import_batch(unit, author, i, label):
    return ImportBatch.objects.create(
        uploaded_by=author, target="activities.activity", owning_unit=unit, filename=f"{label}.xlsx"
    )


def _recommendation(unit, author, i, label):
    from commendations.choices import RecommendationKind
    from commendations.models import Recommendation

    return Recommendation.objects.create(
        kind=RecommendationKind.CERTIFICATE,
        year=2025,
        station=unit,
        title=f"{label}-{i}",
        achievements=label,
        owning_unit=unit,
        created_by=author,
        status=STATUSES[i],
    )


RECORD_MAKERS: dict[type, Callable] = {
    Activity: _record(ActivityFactory, "title"),
    LiaisonRecord: _record(LiaisonRecordFactory, "title"),
    TrainingSession: _record(TrainingSessionFactory, "topic", attendees=lambda a: [a]),
    InitiativePost: _record(InitiativePostFactory, "title", INITIATIVE_STATUSES),
    IntelReport: _record(IntelReportFactory, "title"),
    Contact: _contact,
    Entity: _entity,
    FollowUp: _follow_up,
    ImportBatch: _import_batch,
    apps.get_model("commendations", "Recommendation"): _recommendation,
}


@dataclass
class Probe:
    """The URL kwargs of the visitor's own object, and of the ids around 大垣's objects."""

    own: dict
    around: list[dict]
    ogaki_objects: list


class Scene:
    """大垣署's objects (five of each kind in a row, made once) and the visitor's own
    (a fresh one for each URL, since a POST may change or delete it)."""

    def __init__(self, org, visitor, own_author, ogaki_author):
        self.org, self.visitor = org, visitor
        self.own_author, self.ogaki_author = own_author, ogaki_author
        self._ogaki: dict = {}

    def own(self, model):
        # An import batch is the visitor's own (committed: nothing to create again);
        # records are the officer's, so that an approver may decide them.
        if model is ImportBatch:
            batch = _import_batch(self.org.gifunaka, self.visitor, 0, "own")
            batch.status = ImportBatchStatus.COMMITTED
            batch.save()
            return batch
        return RECORD_MAKERS[model](self.org.gifunaka, self.own_author, 0, "own")

    def ogaki(self, key, make: Callable[[int], object]) -> list:
        if key not in self._ogaki:
            self._ogaki[key] = [make(i) for i in range(5)]
        return self._ogaki[key]

    def ogaki_records(self, model) -> list:
        make = RECORD_MAKERS[model]
        return self.ogaki(model, lambda i: make(self.org.ogaki, self.ogaki_author, i, CANARY))

    @staticmethod
    def ids_around(objects) -> list:
        """The middle object's id ±2, and an id that no row has."""
        middle = objects[2].pk
        missing = type(objects[0]).objects.order_by("-pk").first().pk + 1000
        return [middle + delta for delta in (-2, -1, 0, 1, 2)] + [missing]

    def by_pk(self, model) -> Probe:
        ogaki = self.ogaki_records(model)
        own = self.own(model)
        return Probe({"pk": own.pk}, [{"pk": pk} for pk in self.ids_around(ogaki)], ogaki)

    def attachments(self, model) -> Probe:
        """Files of 大垣's records, by id around them, under their record and under the
        visitor's own record (a file id guessed under a record one may open)."""
        ogaki = self.ogaki_records(model)
        files = self.ogaki(
            ("files", model), lambda i: self.attach(ogaki[i], self.ogaki_author, CANARY)
        )
        own = self.own(model)
        own_file = self.attach(own, self.own_author, "own")
        ids = self.ids_around(files)
        around = [{"pk": f.object_id, "attachment_pk": f.pk} for f in files]
        around += [{"pk": own.pk, "attachment_pk": pk} for pk in ids[:-1]]
        around += [{"pk": ogaki[2].pk, "attachment_pk": ids[-1]}]
        return Probe({"pk": own.pk, "attachment_pk": own_file.pk}, around, [*ogaki, *files])

    @staticmethod
    def attach(record, actor, label: str) -> Attachment:
        return attachment_add(
            actor=actor,
            record=record,
            upload=upload(f"{label}.png", image_bytes("PNG")),
            media_type="image/png",
        )

    def grants(self) -> Probe:
        """Grants on 大垣's reports, revoked through their report or the visitor's own."""
        ogaki = self.ogaki_records(IntelReport)
        reader = member("reader.kani", self.org.kani, "officer")
        grants = self.ogaki("grants", lambda i: grant_user(ogaki[i], reader, by=self.ogaki_author))
        own = self.own(IntelReport)
        own_grant = grant_user(own, reader, by=self.own_author)
        around = [{"pk": g.content_object.pk, "kind": "user", "grant_pk": g.pk} for g in grants]
        around += [{"pk": own.pk, "kind": "user", "grant_pk": g.pk} for g in grants]
        around += [{"pk": ogaki[2].pk, "kind": "unit", "grant_pk": grants[2].pk}]
        own_kwargs = {"pk": own.pk, "kind": "user", "grant_pk": own_grant.pk}
        return Probe(own_kwargs, around, [*ogaki, *grants])

    def notifications(self) -> Probe:
        theirs = self.ogaki(
            Notification,
            lambda i: Notification.objects.create(
                recipient=self.ogaki_author, text=f"{CANARY}-{i}", url="/"
            ),
        )
        own = Notification.objects.create(recipient=self.visitor, text="own", url="/")
        return Probe({"pk": own.pk}, [{"pk": pk} for pk in self.ids_around(theirs)], theirs)


# --- Which URL is scanned how -------------------------------------------------------------

# Views configured without a model, by the object their id names.
MODEL_BY_NAME = {
    "liaison:follow_up_status": FollowUp,
    "intel:grants": IntelReport,
    "intel:analysis": IntelReport,
    "intel:dissemination": IntelReport,
    "intel:validate": IntelReport,
    "intel:purge": IntelReport,
    "activities:import_preview": ImportBatch,
    "activities:import_commit": ImportBatch,
    "commendations:pdf": apps.get_model("commendations", "Recommendation"),
}
# 本部 pages (user management, master data, other analysts' report files): a station
# user meets 403 for every id, existing or not.
HQ_ONLY_PREFIXES = ("accounts:user_", "orgs:", "reports:file_", "commendations:scheme_")
# The partner directory is shared by all stations (liaison.directory_views): not scoped.
# A station's score page names a station (an OrgUnit every user knows), not a record; who
# reads which score is commendations' policy, tested in tests/commendations.
SHARED = {
    "liaison:organisation_detail",
    "liaison:organisation_edit",
    "commendations:station_score",
}


def id_urls() -> list[Endpoint]:
    return [e for e in endpoints() if any(arg.endswith("pk") for arg in e.arguments)]


def probe_for(endpoint: Endpoint, scene: Scene) -> Probe:
    name, model = endpoint.name, MODEL_BY_NAME.get(endpoint.name) or endpoint.model
    if name == "intel:grant_revoke":
        return scene.grants()
    if name == "core:notification_read":
        return scene.notifications()
    if endpoint.arguments == ("pk", "attachment_pk"):
        return scene.attachments(model)
    if endpoint.arguments == ("pk",) and model in RECORD_MAKERS:
        return scene.by_pk(model)
    raise LookupError(f"{name}: the IDOR scan does not know which objects its id names")


def classified(endpoint: Endpoint) -> bool:
    if endpoint.name in {"intel:grant_revoke", "core:notification_read"}:
        return True
    return (MODEL_BY_NAME.get(endpoint.name) or endpoint.model) in RECORD_MAKERS


def test_every_id_url_is_scanned():
    unknown = [
        e.name
        for e in id_urls()
        if e.name not in SHARED and not e.name.startswith(HQ_ONLY_PREFIXES) and not classified(e)
    ]
    assert unknown == [], "id URLs the IDOR scan does not cover: add them to test_idor.py"


# --- The scan ----------------------------------------------------------------------------


def post_data() -> dict:
    """A POST that would succeed on many forms if the object were reachable."""
    return {
        "reason": f"{CANARY} 理由",
        "comment": CANARY,
        "status": "done",
        "title": CANARY,
        "file": SimpleUploadedFile("x.png", image_bytes("PNG"), content_type="image/png"),
    }


def request(client, method: str, url: str):
    return client.get(url) if method == "get" else client.post(url, post_data())


def snapshot(objects) -> list:
    """Every field of 大垣's objects, and the row counts of what a POST could add."""
    rows = []
    for obj in objects:
        fresh = type(obj).objects.filter(pk=obj.pk).first()
        rows.append((type(obj).__name__, obj.pk, fresh and model_to_dict(fresh)))
    counts = [m.objects.count() for m in (Attachment, IntelUserGrant, IntelUnitGrant, Notification)]
    return [rows, counts]


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


# Where the visitor's own object is 404 as well, the role may not do this to any record
# of that kind (need-to-know on intel: only the author's side edits, approvers review).
NO_OWN_ACCESS = {
    "officer": {"intel:validate", "intel:purge"},
    "approver": {
        "intel:update",
        "intel:submit",
        "intel:attachment_upload",
        "intel:attachment_delete",
    },
}
# Only these need an approver's visit besides the officer's: the decisions.
APPROVER_ACTIONS = ("approve", "return", "reopen", "validate", "purge")


def groups() -> dict[str, list[Endpoint]]:
    """Scanned URLs by the objects they name, so each group's 大垣 objects are made once."""
    grouped: dict[str, list[Endpoint]] = {}
    for endpoint in id_urls():
        if endpoint.name in SHARED:
            continue
        if endpoint.name.startswith(HQ_ONLY_PREFIXES):
            key = "hq_only"
        elif classified(endpoint):
            model = MODEL_BY_NAME.get(endpoint.name) or endpoint.model
            key = f"{model.__name__ if model else endpoint.name}:{'-'.join(endpoint.arguments)}"
        else:
            continue  # test_every_id_url_is_scanned names it
        grouped.setdefault(key, []).append(endpoint)
    return grouped


@pytest.mark.parametrize("group", sorted(groups()))
@pytest.mark.parametrize("who", ["officer", "approver"])
def test_ids_around_ogakis_objects_are_404(
    client, org, officer_gifunaka, approver_gifunaka, officer_ogaki, who, group
):
    visitor = {"officer": officer_gifunaka, "approver": approver_gifunaka}[who]
    scanned = [
        e
        for e in groups()[group]
        if who == "officer" or e.name.rsplit(":", 1)[1] in APPROVER_ACTIONS
    ]
    if not scanned:
        pytest.skip("the approver is scanned on decisions only; the officer covers the rest")
    client.force_login(visitor)
    scene = Scene(org, visitor, officer_gifunaka, officer_ogaki)
    problems, no_own_access = [], set()
    for endpoint in scanned:
        if group == "hq_only":
            problems += hq_only_problems(client, endpoint, officer_ogaki)
            continue
        probe = probe_for(endpoint, scene)
        for method in sorted(endpoint.methods):
            own_status = request(client, method, reverse(endpoint.name, kwargs=probe.own))
            if own_status.status_code == 404:
                no_own_access.add(endpoint.name)
            problems += scan(client, endpoint, method, probe, own_status.status_code)
    assert problems == []
    unexplained = no_own_access - NO_OWN_ACCESS[who] - unreadable(scanned, visitor)
    assert unexplained == set(), "the visitor's own object is 404 too: nothing is proved there"


def unreadable(scanned, visitor) -> set[str]:
    """URLs of records the visitor reads none of (本部's commendations for a station)."""
    names = set()
    for endpoint in scanned:
        model = MODEL_BY_NAME.get(endpoint.name) or endpoint.model
        manager = getattr(model, "objects", None)
        if hasattr(manager, "visible_to") and not manager.visible_to(visitor).exists():
            names.add(endpoint.name)
    return names


def scan(client, endpoint: Endpoint, method: str, probe: Probe, own_status: int) -> list:
    """What went wrong requesting the ids around 大垣's objects."""
    name, problems = endpoint.name, []
    before = snapshot(probe.ogaki_objects)
    statuses = {}
    for kwargs in probe.around:
        response = request(client, method, reverse(name, kwargs=kwargs))
        statuses[str(kwargs)] = response.status_code
        if CANARY in body(response):
            problems.append(f"{method} {name} {kwargs} shows 大垣's data")
    if snapshot(probe.ogaki_objects) != before:
        problems.append(f"{method} {name} changed 大垣's data")
    # Another user's notification id quietly does nothing; a 403 or 404 on the visitor's
    # own object means the role may not do this to any object.
    no_oracle = name == "core:notification_read" or own_status in (403, 404)
    expected = own_status if no_oracle else 404
    unexpected = {kwargs: s for kwargs, s in statuses.items() if s != expected}
    if unexpected:
        problems.append(f"{method} {name}: expected {expected} for every id, got {unexpected}")
    return problems


def hq_only_problems(client, endpoint: Endpoint, ogaki_user) -> list:
    """A station user meets 403 on 本部 pages for any id, existing or not."""
    converter = type(next(iter(endpoint.converters.values()))).__name__
    if converter == "UUIDConverter":
        ids = [uuid.uuid4()]
    elif converter == "IntConverter":
        ids = [ogaki_user.pk + delta for delta in (-2, -1, 0, 1, 2, 100_000)]
    else:
        ids = ["21202", "ZZZ"]
    problems = []
    for method in sorted(endpoint.methods):
        for pk in ids:
            url = reverse(endpoint.name, kwargs={"pk": pk})
            status = request(client, method, url).status_code
            if status != 403:
                problems.append(f"{method} {url}: {status}, expected 403 for a station user")
    return problems


def test_scan_reaches_the_objects_it_guards(client, org, officer_gifunaka, officer_ogaki):
    """The scan's own check: with scope lifted, 大垣's ids would not be 404.

    An HQ analyst reads every station's records (scope root = the prefecture), so the same
    ids that are 404 for 岐阜中 are 200 for them: the 404s above come from the scope, not
    from a URL that never works.
    """
    analyst = member("analyst.scan", org.kokusai, "analyst")
    probe = Scene(org, officer_gifunaka, officer_gifunaka, officer_ogaki).by_pk(Activity)
    client.force_login(analyst)
    urls = [reverse("activities:detail", kwargs=kw) for kw in probe.around[:5]]
    assert {client.get(url).status_code for url in urls} == {200}
