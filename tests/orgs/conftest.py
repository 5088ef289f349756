"""Fixtures of the orgs tests: the reference data as `load_reference` installs it."""

import pytest
from django.core.management import call_command


@pytest.fixture
def reference(db):
    """The full reference data (36 units, 42 municipalities, 別表, CLDR catalogues)."""
    call_command("load_reference", verbosity=0)
