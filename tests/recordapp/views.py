from gifu_taisaku.core import generic_views
from gifu_taisaku.core.forms import RecordForm
from tests.recordapp.models import Note


class NoteForm(RecordForm):
    class Meta(RecordForm.Meta):
        model = Note
        fields = ["owning_unit", "title", "secret"]


class NoteMixin:
    model = Note


class NoteList(NoteMixin, generic_views.RecordListView):
    columns = (("件名", "title"), ("担当所属", "owning_unit.label"), ("状態", "status"))


class NoteDetail(NoteMixin, generic_views.RecordDetailView):
    pass


class NoteCreate(NoteMixin, generic_views.RecordCreateView):
    form_class = NoteForm


class NoteUpdate(NoteMixin, generic_views.RecordUpdateView):
    form_class = NoteForm


class NoteHistory(NoteMixin, generic_views.RecordHistoryView):
    pass
