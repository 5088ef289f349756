"""The behaviour every programme record's views must have, as one test mixin.

A programme app's tests subclass `RecordViewContract` and say how to make a record and
a valid form payload; every rule of scoping, locking, workflow and history is then
tested for that model exactly as for the others (NetBox's ViewTestCases).
"""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gifu_taisaku.core.models import AuditEvent, WorkflowStatus


class RecordViewContract:
    """Subclass and set `base_url`, `factory`, and define `payload(self, org, **overrides)`:
    the POST data of a valid form for a record of 岐阜中署, with `overrides` applied.
    """

    base_url: str  # "/activities/"
    factory: Callable  # factory_boy factory accepting owning_unit= and created_by=
    confidential_canary: str | None = None  # a value of a history-hidden field, if any

    def record(self, unit, author, **fields):
        return self.factory(owning_unit=unit, created_by=author, **fields)

    def url(self, record=None, suffix: str = "") -> str:
        return f"{self.base_url}{record.pk}/{suffix}" if record else f"{self.base_url}{suffix}"

    # --- scope -------------------------------------------------------------------

    @pytest.mark.parametrize("suffix", ["", "edit/", "history/"])
    def test_other_stations_record_is_404(
        self, client, org, officer_gifunaka, officer_ogaki, suffix
    ):
        theirs = self.record(org.ogaki, officer_ogaki)
        client.force_login(officer_gifunaka)
        assert client.get(self.url(theirs, suffix)).status_code == 404

    @pytest.mark.parametrize("action", ["submit", "approve", "return"])
    def test_workflow_on_other_station_is_404(
        self, client, org, approver_gifunaka, officer_ogaki, action
    ):
        theirs = self.record(org.ogaki, officer_ogaki, status=WorkflowStatus.SUBMITTED)
        client.force_login(approver_gifunaka)
        assert client.post(self.url(theirs, f"{action}/"), {"reason": "x"}).status_code == 404
        theirs.refresh_from_db()
        assert theirs.status == WorkflowStatus.SUBMITTED

    def test_list_shows_own_station_only(self, client, org, officer_gifunaka, officer_ogaki):
        mine = self.record(org.gifunaka, officer_gifunaka)
        theirs = self.record(org.ogaki, officer_ogaki)
        client.force_login(officer_gifunaka)
        listed = set(client.get(self.base_url).context["object_list"])
        assert mine in listed
        assert theirs not in listed

    def test_create_for_another_station_is_refused(self, client, org, officer_gifunaka):
        client.force_login(officer_gifunaka)
        before = self.factory._meta.model.objects.count()
        response = client.post(self.url(suffix="new/"), self.payload(org, owning_unit=org.ogaki.pk))
        assert response.status_code == 200
        assert "owning_unit" in response.context["form"].errors
        assert self.factory._meta.model.objects.count() == before

    # --- queries -----------------------------------------------------------------

    def test_list_and_detail_query_counts_do_not_grow(self, client, org, officer_gifunaka):
        client.force_login(officer_gifunaka)
        first = self.record(org.gifunaka, officer_gifunaka)
        counts = []
        for extra in (0, 199):  # 1 record, then 200
            for _ in range(extra):
                self.record(org.koban, officer_gifunaka)
            with CaptureQueriesContext(connection) as listing:
                assert client.get(self.base_url).status_code == 200
            with CaptureQueriesContext(connection) as detail:
                assert client.get(self.url(first)).status_code == 200
            counts.append((len(listing), len(detail)))
        assert counts[0] == counts[1]

    # --- create, edit, locking -------------------------------------------------------

    def test_create_defaults_to_own_unit_and_keeps_history(self, client, org, officer_gifunaka):
        client.force_login(officer_gifunaka)
        assert client.get(self.url(suffix="new/")).context["form"].initial["owning_unit"] == (
            org.gifunaka.pk
        )
        response = client.post(self.url(suffix="new/"), self.payload(org))
        assert response.status_code == 302, response.context["form"].errors
        record = self.factory._meta.model.objects.latest("pk")
        assert record.created_by == officer_gifunaka
        assert record.history.get().history_user == officer_gifunaka

    def test_stale_version_keeps_input_and_explains(self, client, org, officer_gifunaka):
        record = self.record(org.gifunaka, officer_gifunaka)
        client.force_login(officer_gifunaka)
        opened = record.version
        first = client.post(self.url(record, "edit/"), self.payload(org, version=opened))
        assert first.status_code == 302, first.context["form"].errors
        response = client.post(self.url(record, "edit/"), self.payload(org, version=opened))
        assert response.status_code == 409  # Conflict: the form again, not a save
        assert "他の利用者が変更しました" in response.content.decode()

    # --- workflow ---------------------------------------------------------------

    def test_submit_then_approve(self, client, org, officer_gifunaka, approver_gifunaka):
        record = self.record(org.gifunaka, officer_gifunaka)
        client.force_login(officer_gifunaka)
        client.post(self.url(record, "submit/"))
        assert client.get(self.url(record, "edit/")).status_code == 404  # locked once submitted
        client.force_login(approver_gifunaka)
        client.post(self.url(record, "approve/"))
        record.refresh_from_db()
        assert record.status == WorkflowStatus.APPROVED
        assert record.decided_by == approver_gifunaka
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        assert {"record_submitted", "record_approved"} <= actions

    def test_submit_goes_through_a_confirmation_page(self, client, org, officer_gifunaka):
        """入力 → 確認 → 完了: GET shows the record read-only and changes nothing; POST with
        the version shown submits and says so in the status region, with 完了 current."""
        record = self.record(org.gifunaka, officer_gifunaka)
        client.force_login(officer_gifunaka)
        confirm = client.get(self.url(record, "submit/"))
        assert confirm.status_code == 200
        page = confirm.content.decode()
        assert "提出内容の確認" in page
        assert '<li class="steps__item steps__item--current" aria-current="step">' in page
        assert page.index('aria-current="step"') < page.index("この内容で提出する")
        assert f'name="version" value="{record.version}"' in page
        assert f'href="{record.get_absolute_url()}edit/"' in page  # 修正する
        assert "<textarea" not in page  # a summary: nothing to type into
        record.refresh_from_db()
        assert record.status == WorkflowStatus.DRAFT

        done = client.post(self.url(record, "submit/"), {"version": record.version}, follow=True)
        record.refresh_from_db()
        assert record.status == WorkflowStatus.SUBMITTED
        assert done.redirect_chain[-1][0] == record.get_absolute_url()
        status_region = done.content.decode().split('role="status"', 1)[1].split("</div>", 1)[0]
        assert "提出しました" in status_region
        assert done.content.decode().count('aria-current="step"') == 1
        # Submitted: the confirmation page is no longer offered.
        again = client.get(self.url(record, "submit/"), follow=True)
        assert again.redirect_chain[-1][0] == record.get_absolute_url()
        alert_region = again.content.decode().split('role="alert"', 1)[1].split("</div>", 1)[0]
        assert "作成中または差戻しの記録だけを提出できます" in alert_region

    def test_confirmed_submit_of_a_changed_record_is_refused(self, client, org, officer_gifunaka):
        """The version on the 確認 page guards the submit: a record edited since is not
        submitted, and the user is sent back to 確認 to see the latest content."""
        record = self.record(org.gifunaka, officer_gifunaka)
        client.force_login(officer_gifunaka)
        shown = record.version
        saved = client.post(self.url(record, "edit/"), self.payload(org, version=shown))
        assert saved.status_code == 302
        response = client.post(self.url(record, "submit/"), {"version": shown})
        assert response["Location"] == self.url(record, "submit/")
        record.refresh_from_db()
        assert record.status == WorkflowStatus.DRAFT
        page = client.get(response["Location"]).content.decode()
        assert "他の利用者がこの記録を変更しました" in page.split('role="alert"', 1)[1]
        assert f'name="version" value="{record.version}"' in page

    def test_officer_cannot_approve(self, client, org, officer_gifunaka, approver_gifunaka):
        record = self.record(org.gifunaka, approver_gifunaka, status=WorkflowStatus.SUBMITTED)
        client.force_login(officer_gifunaka)
        assert client.post(self.url(record, "approve/")).status_code == 403

    def test_return_needs_a_reason(self, client, org, officer_gifunaka, approver_gifunaka):
        record = self.record(org.gifunaka, officer_gifunaka, status=WorkflowStatus.SUBMITTED)
        client.force_login(approver_gifunaka)
        page = client.post(self.url(record, "return/"), {"reason": " "}, follow=True)
        assert "差戻しの理由を入力してください" in page.content.decode()
        client.post(self.url(record, "return/"), {"reason": "人数を確認してください"})
        record.refresh_from_db()
        assert (record.status, record.decision_comment) == (
            WorkflowStatus.RETURNED,
            "人数を確認してください",
        )

    def test_approver_cannot_decide_own_record(self, client, org, approver_gifunaka):
        record = self.record(org.gifunaka, approver_gifunaka, status=WorkflowStatus.SUBMITTED)
        client.force_login(approver_gifunaka)
        client.post(self.url(record, "approve/"))
        record.refresh_from_db()
        assert record.status == WorkflowStatus.SUBMITTED

    def test_history_never_shows_hidden_fields(self, client, org, officer_gifunaka):
        record = self.record(org.gifunaka, officer_gifunaka)
        client.force_login(officer_gifunaka)
        client.post(self.url(record, "edit/"), self.payload(org, version=record.version))
        page = client.get(self.url(record, "history/")).content.decode()
        assert "変更" in page
        if self.confidential_canary:
            assert self.confidential_canary not in page
