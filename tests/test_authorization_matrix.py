"""Every URL × every kind of user → the status one table expects.

The table below is the authorization policy in one place. Walking the URL resolver
makes a new URL without an entry fail this test, so nobody can add a page and forget
to decide who may open it. Objects are those of 大垣署 (or HQ), so a station user's
404 proves the object is outside their scope.

HQ roles need a second factor: their visitors here have passed the OTP step (the suite's
client does that in force_login, tests/clients.py), so each row states what the role
may do. The "unverified" visitor is an 本部分析担当 signed in with the password only: it
is redirected (302) to the OTP step from every page except the step itself, logout,
keep-alive and re-authentication (accounts.middleware), which `only()` makes the default.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from gifu_taisaku.core.attachments import attachment_add
from gifu_taisaku.core.models import ImportBatch
from tests.activities.factories import ActivityFactory
from tests.clients import verified_device
from tests.core.files import image_bytes, upload
from tests.factories import member
from tests.intel.factories import IntelReportFactory, mention
from tests.liaison.factories import (
    ContactFactory,
    FollowUpFactory,
    LiaisonRecordFactory,
    OrganisationFactory,
)
from tests.orgs.factories import (
    ForeignPopulationFactory,
    JurisdictionFactory,
    LanguageFactory,
    MeasureFactory,
    MunicipalityFactory,
    NationalityFactory,
)
from tests.training.factories import InitiativePostFactory, TrainingSessionFactory

# The kinds of visitor: anonymous, the five roles, a deactivated officer, and an analyst
# who has entered the password but not yet the code from the authenticator app.
VISITORS = (
    "anonymous",
    "officer",
    "approver",
    "analyst",
    "admin",
    "auditor",
    "deactivated",
    "unverified",
)
SIGNED_OUT = {"anonymous": 302, "deactivated": 302}
AT_OTP_STEP = {"unverified": 302}


@dataclass(frozen=True)
class Rule:
    """Expected GET status per visitor; `kwargs` builds the URL arguments from the world."""

    statuses: dict[str, int]
    kwargs: Callable[[object], dict] = field(default=lambda world: {})


def only(*visitors: str, ok: int = 200, others: int = 403) -> dict[str, int]:
    """Signed-in visitors in `visitors` get `ok`, other signed-in visitors `others`."""
    signed_in = [v for v in VISITORS if v not in SIGNED_OUT and v not in AT_OTP_STEP]
    return {**SIGNED_OUT, **AT_OTP_STEP, **{v: ok if v in visitors else others for v in signed_in}}


EVERYONE_SIGNED_IN = only(*VISITORS)
ADMIN_ONLY = only("admin")
OGAKI_OFFICER = {"kwargs": lambda world: {"pk": world.ogaki_officer.pk}}

MATRIX: dict[str, Rule] = {
    "core:home": Rule(EVERYONE_SIGNED_IN),
    "core:audit_list": Rule(only("auditor")),
    # POST only; a GET is refused before anything is read.
    "core:notification_read": Rule(only(*VISITORS, ok=405), kwargs=lambda w: {"pk": 1}),
    "healthz": Rule(dict.fromkeys(VISITORS, 200)),
    # Signed-in users are sent on from the login page; a deactivated one is signed out.
    "accounts:login": Rule({**only(ok=302, others=302), "anonymous": 200, "deactivated": 200}),
    # Logout answers POST only; GET is refused before anything happens.
    "accounts:logout": Rule({**only(ok=405, others=405), "unverified": 405}),
    # The signed-in user's own sign-in settings (accounts.security_views).
    "accounts:security": Rule(EVERYONE_SIGNED_IN),
    "accounts:password_change": Rule(EVERYONE_SIGNED_IN),
    # The OTP step: only a session waiting for it stays; the others are sent on.
    "accounts:mfa_verify": Rule({**only(ok=302, others=302), "unverified": 200}),
    # Anyone may register an app (HQ roles must); an unverified session with an app
    # already registered is sent to the code prompt instead.
    "accounts:mfa_setup": Rule(EVERYONE_SIGNED_IN),
    "accounts:mfa_recovery_codes": Rule(only(ok=405, others=405)),
    "accounts:reauth": Rule({**EVERYONE_SIGNED_IN, "unverified": 200}),
    "accounts:keepalive": Rule({**only(ok=405, others=405), "unverified": 405}),
    "accounts:user_end_sessions": Rule(ADMIN_ONLY, **OGAKI_OFFICER),
    "accounts:user_mfa_reset": Rule(ADMIN_ONLY, **OGAKI_OFFICER),
    "accounts:user_list": Rule(ADMIN_ONLY),
    "accounts:user_create": Rule(ADMIN_ONLY),
    "accounts:user_detail": Rule(ADMIN_ONLY, **OGAKI_OFFICER),
    "accounts:user_edit": Rule(ADMIN_ONLY, **OGAKI_OFFICER),
    "accounts:user_deactivate": Rule(ADMIN_ONLY, **OGAKI_OFFICER),
    "accounts:user_reactivate": Rule(ADMIN_ONLY, **OGAKI_OFFICER),
    "accounts:user_password": Rule(ADMIN_ONLY, **OGAKI_OFFICER),
}

# Master data (gifu_taisaku.orgs): 本部管理者 only.
MASTER_KEYS = ("orgunit", "municipality", "jurisdiction", "population", "measure")
MATRIX |= {
    "orgs:index": Rule(ADMIN_ONLY),
    "orgs:population_bulk": Rule(ADMIN_ONLY),
    **{f"orgs:{key}_list": Rule(ADMIN_ONLY) for key in (*MASTER_KEYS, "nationality", "language")},
    **{f"orgs:{key}_create": Rule(ADMIN_ONLY) for key in MASTER_KEYS},
    "orgs:orgunit_edit": Rule(ADMIN_ONLY, kwargs=lambda w: {"pk": w.org.ogaki.pk}),
    "orgs:municipality_edit": Rule(ADMIN_ONLY, kwargs=lambda w: {"pk": MunicipalityFactory().pk}),
    "orgs:jurisdiction_edit": Rule(
        ADMIN_ONLY, kwargs=lambda w: {"pk": JurisdictionFactory(station=w.org.ogaki).pk}
    ),
    "orgs:jurisdiction_delete": Rule(
        ADMIN_ONLY, kwargs=lambda w: {"pk": JurisdictionFactory(station=w.org.ogaki).pk}
    ),
    "orgs:population_edit": Rule(
        ADMIN_ONLY, kwargs=lambda w: {"pk": ForeignPopulationFactory().pk}
    ),
    "orgs:measure_edit": Rule(ADMIN_ONLY, kwargs=lambda w: {"pk": MeasureFactory().pk}),
    "orgs:nationality_edit": Rule(ADMIN_ONLY, kwargs=lambda w: {"pk": NationalityFactory().pk}),
    "orgs:language_edit": Rule(ADMIN_ONLY, kwargs=lambda w: {"pk": LanguageFactory().pk}),
}


# Programme records: a station user meets 大垣署's record as 404 (outside their scope);
# a role without the record permission meets 403 before any lookup.
RECORD_READERS = ("officer", "approver", "analyst", "admin")
OUT_OF_SCOPE = {"officer": 404, "approver": 404}


def record_rules(app: str, world_record: str) -> dict[str, Rule]:
    """The rules of one programme app's standard URLs (core.urls_helpers.record_urlpatterns)."""
    pk = {"kwargs": lambda w: {"pk": getattr(w, world_record).pk}}
    read = {**only(*RECORD_READERS), **OUT_OF_SCOPE}
    return {
        f"{app}:list": Rule(only(*RECORD_READERS)),
        f"{app}:create": Rule(only("officer", "approver")),
        f"{app}:detail": Rule(read, **pk),
        f"{app}:history": Rule(read, **pk),
        f"{app}:update": Rule({**only(), **OUT_OF_SCOPE}, **pk),
        # GET is the 確認 page of submitting (scoped like editing); POST submits.
        f"{app}:submit": Rule({**only("officer", "approver"), **OUT_OF_SCOPE}, **pk),
        **{
            f"{app}:{action}": Rule(only("approver", ok=405), **pk)
            for action in ("approve", "return", "reopen")
        },
    }


MATRIX |= record_rules("activities", "ogaki_activity")

# The partner-organisation directory is shared by all stations; officers register entries.
MATRIX |= {
    "liaison:organisation_list": Rule(only(*RECORD_READERS)),
    "liaison:organisation_create": Rule(only("officer", "approver")),
    "liaison:organisation_edit": Rule(
        only("officer", "approver"), kwargs=lambda w: {"pk": OrganisationFactory().pk}
    ),
}


def attachment_rules(app: str, world_record: str) -> dict[str, Rule]:
    """Rules of core.attachment_views.attachment_urlpatterns, on a PNG of 大垣署's record.

    Download is scoped like the record; upload and delete answer POST only, so a GET is
    405 for every signed-in visitor before any lookup.
    """

    def record_kwargs(world) -> dict:
        return {"pk": getattr(world, world_record).pk}

    def file_kwargs(world) -> dict:
        record = getattr(world, world_record)
        attached = attachment_add(
            actor=world.ogaki_officer,
            record=record,
            upload=upload("photo.png", image_bytes("PNG")),
            media_type="image/png",
        )
        return {"pk": record.pk, "attachment_pk": attached.pk}

    post_only = only(ok=405, others=405)
    return {
        f"{app}:attachment_download": Rule(
            {**only(*RECORD_READERS), **OUT_OF_SCOPE}, kwargs=file_kwargs
        ),
        f"{app}:attachment_upload": Rule(post_only, kwargs=record_kwargs),
        f"{app}:attachment_delete": Rule(post_only, kwargs=file_kwargs),
    }


MATRIX |= attachment_rules("activities", "ogaki_activity")
# Exports: the list's readers; 監査担当 has no record permission.
MATRIX["activities:export"] = Rule(only(*RECORD_READERS), kwargs=lambda w: {"fmt": "xlsx"})


def ogaki_import_batch(world) -> dict:
    """A workbook staged by 大垣署's officer: only its uploader may see or commit it."""
    batch = ImportBatch.objects.create(
        uploaded_by=world.ogaki_officer,
        target="activities.activity",
        owning_unit=world.org.ogaki,
        filename="活動記録.xlsx",
    )
    return {"pk": batch.pk}


# Excel import: those who add records; commit answers POST only.
MATRIX |= {
    "activities:import_template": Rule(only("officer", "approver")),
    "activities:import_upload": Rule(only("officer", "approver")),
    "activities:import_preview": Rule(
        only("officer", "approver", ok=404), kwargs=ogaki_import_batch
    ),
    "activities:import_commit": Rule(
        only("officer", "approver", ok=405), kwargs=ogaki_import_batch
    ),
}


# Intel (実態把握): need-to-know. 岐阜中 meets 大垣's 部内限り report as 404; HQ reads it.
MATRIX |= record_rules("intel", "ogaki_intel")
MATRIX |= attachment_rules("intel", "ogaki_intel")
MATRIX["intel:export"] = Rule(only(*RECORD_READERS), kwargs=lambda w: {"fmt": "xlsx"})
INTEL_PK = {"kwargs": lambda w: {"pk": w.ogaki_intel.pk}}
MATRIX |= {
    "intel:grants": Rule({**only(*RECORD_READERS), **OUT_OF_SCOPE}, **INTEL_PK),
    "intel:grant_revoke": Rule(
        only(ok=405, others=405),
        kwargs=lambda w: {"pk": w.ogaki_intel.pk, "kind": "user", "grant_pk": 1},
    ),
    **{
        f"intel:{name}": Rule(only(ok=405, others=405), **INTEL_PK)
        for name in ("analysis", "dissemination", "validate", "purge")
    },
    "intel:queue": Rule(only("analyst")),
    "intel:review_queue": Rule(only(*RECORD_READERS)),
    "intel:entity_detail": Rule(
        {**only(*RECORD_READERS), **OUT_OF_SCOPE}, kwargs=lambda w: {"pk": w.ogaki_entity.pk}
    ),
}


# Training: sessions and initiative posts are programme records. 大垣署's initiative post
# is a draft, so other stations meet it as 404 (a published one is read by every unit).
MATRIX |= record_rules("training", "ogaki_training")
MATRIX |= attachment_rules("training", "ogaki_training")
MATRIX["training:export"] = Rule(only(*RECORD_READERS), kwargs=lambda w: {"fmt": "xlsx"})
MATRIX |= record_rules("training:initiatives", "ogaki_initiative")
MATRIX |= attachment_rules("training:initiatives", "ogaki_initiative")
MATRIX |= {
    "training:attendee_options": Rule(only("officer", "approver")),
    "training:coverage": Rule(only(*RECORD_READERS)),
    "training:mine": Rule(only(*RECORD_READERS)),
}


# Liaison records, like activities; contacts are personal data scoped like records (a
# station user meets 大垣署's contact as 404); follow-up status changes answer POST only.
MATRIX |= record_rules("liaison", "ogaki_liaison")
MATRIX |= attachment_rules("liaison", "ogaki_liaison")
MATRIX["liaison:export"] = Rule(only(*RECORD_READERS), kwargs=lambda w: {"fmt": "xlsx"})
OGAKI_CONTACT = {"kwargs": lambda w: {"pk": w.ogaki_contact.pk}}
MATRIX |= {
    "liaison:organisation_detail": Rule(
        only(*RECORD_READERS), kwargs=lambda w: {"pk": w.ogaki_liaison.organisations.get().pk}
    ),
    "liaison:contact_list": Rule(only(*RECORD_READERS)),
    "liaison:contact_create": Rule(only("officer", "approver")),
    "liaison:contact_export": Rule(only(*RECORD_READERS), kwargs=lambda w: {"fmt": "xlsx"}),
    "liaison:contact_detail": Rule({**only(*RECORD_READERS), **OUT_OF_SCOPE}, **OGAKI_CONTACT),
    "liaison:contact_history": Rule({**only(*RECORD_READERS), **OUT_OF_SCOPE}, **OGAKI_CONTACT),
    "liaison:contact_edit": Rule({**only(), **OUT_OF_SCOPE}, **OGAKI_CONTACT),
    "liaison:follow_up_list": Rule(only(*RECORD_READERS)),
    "liaison:follow_up_status": Rule(
        only(ok=405, others=405), kwargs=lambda w: {"pk": w.ogaki_follow_up.pk}
    ),
}


def other_analysts_file(world) -> dict:
    """A background report file of another HQ analyst: nobody else may see or fetch it."""
    import datetime

    from django.utils import timezone

    from gifu_taisaku.reports.models import GeneratedReport

    report = GeneratedReport.objects.create(
        requested_by=member("analyst.other", world.org.kokusai, "analyst"),
        kind="annual_report",
        fmt="xlsx",
        title="令和7年 在留外国人等総合対策 実施状況",
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    return {"pk": report.pk}


# Reports: the dashboard for every record reader (stations see their own station); the
# annual report and its files for HQ (Perm.VIEW_REPORTS). A file is its requester's alone.
REPORT_YEAR = {"kwargs": lambda w: {"year": 2025}}
MATRIX |= {
    "reports:dashboard": Rule(only(*RECORD_READERS)),
    "reports:annual_index": Rule(only("analyst", "admin", ok=302)),
    "reports:annual": Rule(only("analyst", "admin"), **REPORT_YEAR),
    "reports:annual_export": Rule(
        only("analyst", "admin", ok=405), kwargs=lambda w: {"year": 2025, "fmt": "xlsx"}
    ),
    "reports:file_status": Rule(only("analyst", "admin", ok=404), kwargs=other_analysts_file),
    "reports:file_download": Rule(only("analyst", "admin", ok=404), kwargs=other_analysts_file),
}


def commendation_year(world) -> dict:
    """The 2025 scoring scheme (one metric), created on first use."""
    from commendations.models import Scheme, SchemeMetric

    scheme, created = Scheme.objects.get_or_create(
        year=2025, defaults={"created_by": world.users["admin"]}
    )
    if created:
        SchemeMetric.objects.create(scheme=scheme, metric="activities")
    return {"year": 2025}


def commendation_scheme(world) -> dict:
    from commendations.models import Scheme

    commendation_year(world)
    return {"pk": Scheme.objects.get(year=2025).pk}


def ogaki_recommendation(world) -> dict:
    """A draft 上申 for 大垣署 by another HQ admin (so the admin visitor may also decide it)."""
    from commendations.models import Recommendation

    record = Recommendation.objects.create(
        owning_unit=world.org.kokusai,
        created_by=member("admin.drafter", world.org.kokusai, "admin"),
        kind="certificate",
        year=2025,
        station=world.org.ogaki,
        title="令和7年 功労 大垣警察署",
        achievements="巡回連絡を推進した。",
    )
    return {"pk": record.pk}


# Commendations: recommendations and schemes are 本部管理者's; the scores are read by every
# record reader, station staff for their own station only (大垣's explanation is a 404 to
# 岐阜中), HQ for all (the xlsx and the recomputation diff are HQ's).
MATRIX |= {
    "commendations:list": Rule(ADMIN_ONLY),
    "commendations:create": Rule(ADMIN_ONLY),
    **{
        f"commendations:{name}": Rule(ADMIN_ONLY, kwargs=ogaki_recommendation)
        # submit: GET is the 確認 page (core.generic_views.RecordSubmitView).
        for name in ("detail", "update", "history", "pdf", "submit")
    },
    **{
        f"commendations:{name}": Rule(only("admin", ok=405), kwargs=ogaki_recommendation)
        for name in ("approve", "return", "reopen")
    },
    "commendations:scheme_list": Rule(ADMIN_ONLY),
    "commendations:scheme_create": Rule(ADMIN_ONLY),
    "commendations:scheme_copy": Rule(only("admin", ok=405)),
    "commendations:scheme_edit": Rule(ADMIN_ONLY, kwargs=commendation_scheme),
    "commendations:score_index": Rule(only(*RECORD_READERS)),
    "commendations:ranking": Rule(only(*RECORD_READERS), kwargs=commendation_year),
    "commendations:freeze": Rule(only("admin", ok=405), kwargs=commendation_year),
    "commendations:diff": Rule(only("analyst", "admin"), kwargs=commendation_year),
    "commendations:ranking_export": Rule(only("analyst", "admin"), kwargs=commendation_year),
    "commendations:station_score": Rule(
        {**only(*RECORD_READERS), **OUT_OF_SCOPE},
        kwargs=lambda w: {**commendation_year(w), "station_pk": w.org.ogaki.pk},
    ),
}


def url_names(patterns=None, namespace: str = "") -> list[str]:
    """Every named URL of the project, with its namespace ("accounts:login")."""
    names = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"unnamed URL pattern {entry.pattern} cannot be in the matrix"
            names.append(f"{namespace}{entry.name}")
    return names


def test_every_url_has_a_rule_and_every_rule_a_url():
    names = set(url_names())
    assert names - MATRIX.keys() == set(), "URLs missing from the authorization matrix"
    assert MATRIX.keys() - names == set(), "rules for URLs that no longer exist"


class World:
    """The users of each kind, plus objects of 大垣署 that the URLs point at."""

    def __init__(self, org, users):
        self.org = org
        self.users = users
        self.ogaki_officer = member("ogaki.target", org.ogaki, "officer")

    @cached_property
    def ogaki_intel(self):
        return IntelReportFactory(owning_unit=self.org.ogaki, created_by=self.ogaki_officer)

    @cached_property
    def ogaki_entity(self):
        return mention(self.ogaki_intel).entity

    @cached_property
    def ogaki_activity(self):
        return ActivityFactory(owning_unit=self.org.ogaki, created_by=self.ogaki_officer)

    @cached_property
    def ogaki_training(self):
        return TrainingSessionFactory(owning_unit=self.org.ogaki, created_by=self.ogaki_officer)

    @cached_property
    def ogaki_initiative(self):
        return InitiativePostFactory(owning_unit=self.org.ogaki, created_by=self.ogaki_officer)

    @cached_property
    def ogaki_liaison(self):
        return LiaisonRecordFactory(owning_unit=self.org.ogaki, created_by=self.ogaki_officer)

    @cached_property
    def ogaki_contact(self):
        return ContactFactory(owning_unit=self.org.ogaki, created_by=self.ogaki_officer)

    @cached_property
    def ogaki_follow_up(self):
        return FollowUpFactory(record=self.ogaki_liaison)


@pytest.fixture
def world(org, officer_gifunaka, approver_gifunaka, analyst, admin_user, auditor, deactivated):
    unverified = member("analyst.unverified", org.kokusai, "analyst")
    verified_device(unverified)  # has an app: the OTP step is the code prompt
    users = {
        "officer": officer_gifunaka,
        "approver": approver_gifunaka,
        "analyst": analyst,
        "admin": admin_user,
        "auditor": auditor,
        "deactivated": deactivated,
        "unverified": unverified,
    }
    return World(org, users)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_status_for_every_visitor(client, world, name):
    from django.urls import reverse

    rule = MATRIX[name]
    url = reverse(name, kwargs=rule.kwargs(world))
    unexpected = {}
    for visitor in VISITORS:
        client.logout()
        if visitor != "anonymous":
            client.force_login(world.users[visitor], otp=visitor != "unverified")
        response = client.get(url)
        status = response.status_code
        if status != rule.statuses[visitor]:
            unexpected[visitor] = status
        elif (
            visitor == "unverified"
            and status == 302
            and name != "accounts:login"
            and not response["Location"].startswith(reverse("accounts:mfa_verify"))
        ):
            unexpected[visitor] = response["Location"]  # sent anywhere but the OTP step
    assert unexpected == {}, f"{url}: unexpected statuses {unexpected}"
