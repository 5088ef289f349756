from gifu_taisaku.core.urls_helpers import record_urlpatterns
from tests.recordapp import views
from tests.recordapp.models import Note

app_name = "recordapp"

urlpatterns = record_urlpatterns(
    Note,
    list_view=views.NoteList,
    create_view=views.NoteCreate,
    detail_view=views.NoteDetail,
    update_view=views.NoteUpdate,
    history_view=views.NoteHistory,
)
