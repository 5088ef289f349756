from django.apps import AppConfig


class RecordAppConfig(AppConfig):
    name = "tests.recordapp"
    label = "recordapp"
