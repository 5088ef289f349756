"""Fixtures shared by the fuzzing tests."""

import pytest

from tests.clients import verified_device
from tests.factories import member
from tests.test_authorization_matrix import World


@pytest.fixture
def fuzz_users(org, approver_ogaki, analyst, admin_user):
    """Anonymous, 大垣署's officer (the author of the matrix's objects) and approver, HQ's
    analyst and administrator, and an analyst at the OTP step (password only)."""
    unverified = member("analyst.unverified", org.kokusai, "analyst")
    verified_device(unverified)
    # The matrix's kwargs may name an object's author by role (world.users["admin"]).
    roles = {"approver": approver_ogaki, "analyst": analyst, "admin": admin_user}
    world = World(org, {**roles, "unverified": unverified})
    signed_in = [world.ogaki_officer, approver_ogaki, analyst, admin_user]
    users = [None, *((user, True) for user in signed_in), (unverified, False)]
    return world, users
