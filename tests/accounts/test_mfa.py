"""The second factor: HQ roles pass a TOTP code after the password; codes cannot be replayed.

Sign-ins here go through the real login form (password), so the session is password-only
until the code is entered, as for a person.
"""

import re

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gifu_taisaku.accounts import mfa, services
from gifu_taisaku.core.models import AuditEvent
from tests.accounts.helpers import (
    SETUP,
    VERIFY,
    enter_code,
    sign_in_with_password,
    totp_code,
)
from tests.clients import verified_device
from tests.core.test_security import assert_no_inline_code


@pytest.fixture
def analyst_device(analyst):
    return verified_device(analyst)


def actions(**filters) -> list[str]:
    return list(AuditEvent.objects.filter(**filters).values_list("action", flat=True))


# --- who needs the code ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/activities/", "/intel/", "/accounts/security/"])
def test_password_only_analyst_is_sent_to_the_code_prompt(client, analyst_device, path):
    sign_in_with_password(client, "analyst.hq")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next={path.replace('/', '%2F')}"


def test_code_prompt_shows_no_menu_of_pages_still_out_of_reach(client, analyst_device):
    sign_in_with_password(client, "analyst.hq")
    page = client.get(VERIFY).content.decode()
    assert "確認コードの入力" in page
    assert "global-nav" not in page
    assert "ログイン設定" not in page


@pytest.mark.parametrize("fixture", ["admin_user", "auditor"])
def test_admin_and_auditor_need_the_code_too(client, request, fixture):
    user = request.getfixturevalue(fixture)
    verified_device(user)
    sign_in_with_password(client, user.username)
    assert client.get("/").headers["Location"].startswith(VERIFY)


def test_officer_needs_no_code(client, officer_gifunaka):
    sign_in_with_password(client, "officer.gifunaka")
    assert client.get("/").status_code == 200


def test_setting_requires_the_code_of_everyone(client, officer_gifunaka, settings):
    settings.MFA_REQUIRED_FOR_ALL = True
    sign_in_with_password(client, "officer.gifunaka")
    assert client.get("/").headers["Location"].startswith(SETUP)


def test_officer_who_registered_an_app_must_use_it(client, officer_gifunaka):
    verified_device(officer_gifunaka)
    sign_in_with_password(client, "officer.gifunaka")
    assert client.get("/").headers["Location"].startswith(VERIFY)


# --- the code prompt --------------------------------------------------------------------


def test_right_code_opens_the_pages_under_a_new_session_key(client, analyst_device):
    sign_in_with_password(client, "analyst.hq")
    before = client.session.session_key
    response = enter_code(client, totp_code(analyst_device), next_url="/intel/")
    assert response["Location"] == "/intel/"
    assert client.session.session_key != before
    assert client.get("/").status_code == 200
    assert actions(actor_username="analyst.hq") == ["mfa_verified", "login"]


def test_code_typed_with_full_width_digits_and_spaces_is_accepted(client, analyst_device):
    sign_in_with_password(client, "analyst.hq")
    code = totp_code(analyst_device)
    typed = (code[:3] + " " + code[3:]).translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    enter_code(client, typed)
    assert client.get("/").status_code == 200


def test_wrong_code_is_refused_and_audited(client, analyst_device):
    sign_in_with_password(client, "analyst.hq")
    wrong = f"{(int(totp_code(analyst_device)) + 1) % 1_000_000:06d}"
    response = enter_code(client, wrong)
    assert response.status_code == 200
    assert "確認コードが正しくないか" in response.content.decode()
    assert client.get("/").status_code == 302
    event = AuditEvent.objects.get(action="mfa_failed")
    assert (event.actor_username, event.outcome) == ("analyst.hq", "failure")


def test_replayed_code_is_refused(client, analyst_device):
    code = totp_code(analyst_device)
    sign_in_with_password(client, "analyst.hq")
    enter_code(client, code)
    assert client.get("/").status_code == 200

    from tests.clients import Client

    other = Client()  # someone who watched the code being typed
    sign_in_with_password(other, "analyst.hq")
    response = enter_code(other, code)
    assert "確認コードが正しくないか" in response.content.decode()
    assert other.get("/").status_code == 302


def test_after_a_wrong_code_even_the_right_one_waits(client, analyst_device):
    sign_in_with_password(client, "analyst.hq")
    enter_code(client, "000000" if totp_code(analyst_device) != "000000" else "111111")
    response = enter_code(client, totp_code(analyst_device))
    assert "しばらく受け付けません" in response.content.decode()
    assert client.get("/").status_code == 302


def test_input_that_is_no_code_is_refused_by_the_form(client, analyst_device):
    sign_in_with_password(client, "analyst.hq")
    response = enter_code(client, "12345")
    assert "6桁の数字を入力してください" in response.content.decode()
    assert not AuditEvent.objects.filter(action="mfa_failed").exists()


def test_verified_session_skips_the_prompt(client, analyst):
    client.force_login(analyst)
    assert client.get(f"{VERIFY}?next=/intel/")["Location"] == "/intel/"


def test_next_pointing_elsewhere_is_ignored(client, analyst_device):
    sign_in_with_password(client, "analyst.hq")
    response = enter_code(client, totp_code(analyst_device), next_url="https://evil.example/")
    assert response["Location"] == "/"


def test_giving_up_at_the_prompt_signs_out_this_session_only(client, analyst):
    from tests.clients import Client

    device = verified_device(analyst)
    desk = Client()
    desk.force_login(analyst)
    sign_in_with_password(client, "analyst.hq")
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302
    assert desk.get("/").status_code == 200  # a password alone cannot end the real user's work
    assert device.pk


# --- recovery codes ---------------------------------------------------------------------


@pytest.fixture
def recovery_codes(analyst):
    device = TOTPDevice.objects.create(user=analyst, name="app", confirmed=False)
    return services.mfa_enrol(user=analyst, device=device)


def test_recovery_codes_are_stored_hashed(analyst, recovery_codes):
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == len(recovery_codes) == mfa.RECOVERY_CODE_COUNT
    assert not stored & {c.replace("-", "") for c in recovery_codes}
    assert not stored & set(recovery_codes)
    assert all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", c) for c in recovery_codes)


def test_recovery_code_works_once(client, analyst, recovery_codes):
    sign_in_with_password(client, "analyst.hq")
    response = enter_code(client, recovery_codes[0].upper())
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.get(action="mfa_recovery_used").detail == {"left": 9}

    from tests.clients import Client

    again = Client()
    sign_in_with_password(again, "analyst.hq")
    assert enter_code(again, recovery_codes[0]).status_code == 200
    assert again.get("/").status_code == 302


# --- enrolment --------------------------------------------------------------------------


def test_first_sign_in_without_an_app_leads_to_enrolment(client, analyst):
    sign_in_with_password(client, "analyst.hq")
    assert client.get("/")["Location"] == f"{SETUP}?next=%2F"
    page = client.get(SETUP)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html
    assert page["Cache-Control"].startswith("max-age=0")
    assert_no_inline_code(html)
    assert re.search(r'src="https?:', html) is None


def test_enrolment_confirms_the_app_and_shows_recovery_codes_once(client, analyst):
    sign_in_with_password(client, "analyst.hq")
    client.get(SETUP)
    candidate = TOTPDevice.objects.get(user=analyst, confirmed=False)
    response = client.post(SETUP, {"code": totp_code(candidate), "next": "/"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "この画面でしか表示されません" in html
    shown = re.findall(r"<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</li>", html)
    assert len(shown) == mfa.RECOVERY_CODE_COUNT
    candidate.refresh_from_db()
    assert candidate.confirmed
    assert client.get("/").status_code == 200  # the enrolment code also passed the OTP step
    assert "mfa_enrolled" in actions(actor_username="analyst.hq")


def test_reloading_the_enrolment_page_keeps_the_same_secret(client, analyst):
    sign_in_with_password(client, "analyst.hq")
    first = client.get(SETUP).context["manual_key"]
    assert client.get(SETUP).context["manual_key"] == first
    assert TOTPDevice.objects.filter(user=analyst).count() == 1


def test_wrong_enrolment_code_registers_nothing(client, analyst):
    sign_in_with_password(client, "analyst.hq")
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert "確認コードが正しくありません" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=analyst, confirmed=True).exists()
    assert client.get("/").status_code == 302


def test_password_alone_cannot_register_a_second_app(client, analyst_device):
    """Otherwise enrolment would be a way round the code prompt."""
    sign_in_with_password(client, "analyst.hq")
    response = client.get(SETUP)
    assert response["Location"].startswith(VERIFY)
    response = client.post(SETUP, {"code": "123456"})
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=analyst_device.user).count() == 1


def test_registering_again_replaces_the_app_and_the_codes(client, analyst, recovery_codes):
    old = TOTPDevice.objects.get(user=analyst)
    client.force_login(analyst)
    client.get(SETUP)
    candidate = TOTPDevice.objects.get(user=analyst, confirmed=False)
    client.post(SETUP, {"code": totp_code(candidate)})
    assert list(TOTPDevice.objects.filter(user=analyst)) == [candidate]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert not StaticToken.objects.filter(token=mfa.hash_recovery_code(recovery_codes[0]))
    assert client.session[DEVICE_ID_SESSION_KEY] == candidate.persistent_id


def test_renewed_recovery_codes_replace_the_old_ones(client, analyst, recovery_codes):
    client.force_login(analyst)
    response = client.post("/accounts/mfa/recovery-codes/")
    assert response.status_code == 200
    assert StaticDevice.objects.filter(user=analyst).count() == 1
    assert not StaticToken.objects.filter(token=mfa.hash_recovery_code(recovery_codes[0]))
    assert "mfa_recovery_renewed" in actions(actor_username="analyst.hq")


def test_security_page_shows_the_state_of_the_second_factor(client, analyst, recovery_codes):
    client.force_login(analyst)
    html = client.get("/accounts/security/").content.decode()
    assert "登録済み" in html
    assert "10個" in html
    assert_no_inline_code(html)


# --- 本部管理者's reset ------------------------------------------------------------------


def test_admin_resets_a_users_app_and_ends_their_sessions(client, admin_user, analyst):
    from tests.clients import Client

    victim = Client()
    victim.force_login(analyst)
    assert victim.get("/").status_code == 200
    client.force_login(admin_user)
    assert (
        f"/accounts/users/{analyst.pk}/mfa/reset/"
        in client.get(f"/accounts/users/{analyst.pk}/").content.decode()
    )
    response = client.post(f"/accounts/users/{analyst.pk}/mfa/reset/", {"reason": "端末紛失"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=analyst).exists()
    assert not StaticDevice.objects.filter(user=analyst).exists()
    assert victim.get("/").status_code == 302
    event = AuditEvent.objects.get(action="mfa_reset")
    assert (event.actor, event.object_id, event.reason) == (admin_user, str(analyst.pk), "端末紛失")


def test_reset_needs_a_reason(client, admin_user, analyst_device):
    client.force_login(admin_user)
    client.post(f"/accounts/users/{analyst_device.user.pk}/mfa/reset/", {"reason": ""})
    assert TOTPDevice.objects.filter(pk=analyst_device.pk).exists()


def test_admin_cannot_reset_their_own_second_factor_here(client, admin_user):
    client.force_login(admin_user)
    response = client.post(f"/accounts/users/{admin_user.pk}/mfa/reset/", {"reason": "誤操作"})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=admin_user).exists()
